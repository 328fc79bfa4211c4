import { describe, expect, it } from "vitest";
import { Recipe } from "../../src/config/schema";
import { closest, parseCommand } from "../../src/slack/command";
import { renderRecipe } from "../../src/slack/recipe";

describe("the command grammar", () => {
  it("reads options before or after arguments, with or without =", () => {
    expect(parseCommand("jobs --limit=5 --status failed")).toEqual({
      ok: true,
      command: { name: "jobs", limit: 5, status: "FAILED" },
    });
    expect(parseCommand("logs --tail 50 abc")).toEqual({ ok: true, command: { name: "logs", id: "abc", tail: 50 } });
  });

  it("refuses options a command does not take and limits out of range", () => {
    expect(parseCommand("job abc --force")).toMatchObject({ ok: false, message: "`job` has no option `--force`." });
    expect(parseCommand("jobs --limit 0")).toMatchObject({ ok: false, usage: "jobs [--status S] [--limit N]" });
    expect(parseCommand("jobs --limit")).toMatchObject({ ok: false, message: "`--limit` needs a value." });
  });

  it("adds the @ to a dataset reference and checks its shape", () => {
    expect(parseCommand("trigger ns.proj.cats")).toEqual({
      ok: true,
      command: { name: "trigger", dataset: "@ns.proj.cats", review: false },
    });
    expect(parseCommand("trigger cats")).toMatchObject({ ok: false });
  });

  it("keeps run parameters as data, upper-casing their names", () => {
    expect(parseCommand("run retrain epochs=5 NOTE=$(whoami)")).toEqual({
      ok: true,
      command: { name: "run", recipe: "retrain", params: { EPOCHS: "5", NOTE: "$(whoami)" } },
    });
    expect(parseCommand("run retrain oops")).toMatchObject({
      ok: false,
      message: "`oops` is not a KEY=VALUE parameter.",
    });
  });

  it("suggests a command only for a plausible typo", () => {
    expect(closest("cancle", ["cancel", "clusters"])).toBe("cancel");
    expect(closest("pipe", ["pipeline", "pipelines"])).toBe("pipeline");
    expect(closest("deploy", ["cancel", "clusters", "jobs"])).toBeUndefined();
    expect(parseCommand("deploy")).toEqual({ ok: false, message: "Unknown command `deploy`. Try `help`." });
  });
});

describe("recipes", () => {
  const recipe = Recipe.parse({
    name: "report",
    params: [{ name: "DAY" }],
    job: { query: "print('{{ params.DAY }}')", environment: { DAY: "{{ params.DAY }}" } },
  });

  it("takes only plain tokens for a parameter without a pattern", () => {
    expect(renderRecipe(recipe, { DAY: "2026-12-01" })).toMatchObject({
      ok: true,
      operation: { job: { query: "print('2026-12-01')", environment: "DAY=2026-12-01" } },
    });
    expect(renderRecipe(recipe, { DAY: "x');import os;('" })).toMatchObject({ ok: false });
  });

  it("asks for a parameter that has no default", () => {
    expect(renderRecipe(recipe, {})).toEqual({ ok: false, message: "Recipe `report` needs `DAY=...`." });
  });

  it("refuses a template that uses anything but declared parameters", () => {
    const leaky = Recipe.parse({ name: "leaky", job: { query: "print('{{ env.DATACHAIN_STUDIO_TOKEN }}')" } });
    expect(renderRecipe(leaky, {})).toMatchObject({ ok: false, message: expect.stringContaining("is broken") });
  });
});
