import { describe, expect, it } from "vitest";
import type { BridgeEvent } from "../../src/github/event";
import { normalizeEvent } from "../../src/github/normalize";
import { matchesGlobs } from "../../src/rules/glob";
import { matchRules } from "../../src/rules/match";
import { configFrom } from "../helpers/bridge";
import { pullRequestPayload, pushPayload, releasePayload } from "../helpers/github";

/** The reason the single rule of `filters` gives for `event`. */
function reasonFor(on: string, filters: string, event: BridgeEvent): string {
  const config = configFrom(
    `version: 1\nrules:\n  - name: r\n    on: ${on}\n    if: ${filters}\n    action: { create_job: { query: x } }\n`,
  );
  return matchRules(config, event)[0]?.reason as string;
}

const push = (options: Parameters<typeof pushPayload>[0] = {}) => normalizeEvent("push", "d1", pushPayload(options));
const pr = (options: Parameters<typeof pullRequestPayload>[0] = {}) =>
  normalizeEvent("pull_request", "d1", pullRequestPayload(options));

describe("glob filters", () => {
  it("let later patterns override earlier ones, as GitHub Actions does", () => {
    const patterns = ["feature/**", "!feature/wip-*", "feature/wip-keep"];
    expect(matchesGlobs("feature/a/b", patterns)).toBe(true);
    expect(matchesGlobs("feature/wip-x", patterns)).toBe(false);
    expect(matchesGlobs("feature/wip-keep", patterns)).toBe(true);
  });

  it("match one path segment with * and any depth with **", () => {
    expect(matchesGlobs("src/a.py", ["src/*.py"])).toBe(true);
    expect(matchesGlobs("src/x/a.py", ["src/*.py"])).toBe(false);
    expect(matchesGlobs("src/x/a.py", ["src/**/*.py"])).toBe(true);
    expect(matchesGlobs("a.py", ["**/*.py"])).toBe(true);
  });

  it("start from everything when every pattern is a negation", () => {
    expect(matchesGlobs("main", ["!release/*"])).toBe(true);
    expect(matchesGlobs("release/1", ["!release/*"])).toBe(false);
  });
});

describe("rule filters explain the first one that fails", () => {
  it("repositories", () => {
    expect(reasonFor("push", "{ repositories: ['acme/data-*'] }", push())).toBe(
      "repository acme/models not in [acme/data-*]",
    );
  });

  it("branches with negation", () => {
    expect(reasonFor("push", "{ branches: ['**', '!main'] }", push())).toBe("branch main not in [**, !main]");
  });

  it("tags", () => {
    expect(reasonFor("push", "{ tags: ['v*'] }", push({ ref: "refs/tags/nightly" }))).toBe("tag nightly not in [v*]");
  });

  it("paths of every commit of a push", () => {
    expect(reasonFor("push", "{ paths: ['data/**'] }", push({ files: ["src/a.py", "README.md"] }))).toBe(
      "no changed file matches [data/**] (2 changed)",
    );
    expect(reasonFor("push", "{ paths: ['data/**'] }", push({ files: ["data/x.csv"] }))).toBe("matched");
  });

  it("senders, allow and deny", () => {
    expect(reasonFor("push", "{ senders: ['!ada'] }", push())).toBe("sender ada not in [!ada]");
    expect(reasonFor("push", "{ senders: ['ada', 'bob'] }", push())).toBe("matched");
  });

  it("bots unless the rule allows them", () => {
    expect(reasonFor("push", "{ allow_bots: true }", push({ sender: "renovate[bot]" }))).toBe("matched");
  });

  it("pull request types, base branches, labels and merged", () => {
    expect(reasonFor("pull_request", "{ types: [labeled] }", pr())).toBe("action opened not in types [labeled]");
    expect(reasonFor("pull_request", "{ base_branches: ['release/*'] }", pr())).toBe(
      "base branch main not in [release/*]",
    );
    expect(reasonFor("pull_request", "{ labels: [gpu] }", pr({ labels: ["gpu", "big"] }))).toBe("matched");
    expect(reasonFor("pull_request", "{ types: [closed], merged: true }", pr({ action: "closed" }))).toBe(
      "the pull request was not merged",
    );
  });

  it("pull request paths when the changed files are unknown", () => {
    expect(reasonFor("pull_request", "{ paths: ['src/**'] }", pr())).toBe(
      "the changed files are not known for this event",
    );
  });

  it("the event a rule listens to", () => {
    expect(reasonFor("release", "{}", push())).toBe("listens to release, not push");
    expect(reasonFor("release", "{}", normalizeEvent("release", "d", releasePayload()))).toBe("matched");
  });
});
