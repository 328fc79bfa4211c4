import { describe, expect, it } from "vitest";
import { slackSignature } from "../../scripts/lib/sign";
import { verifySlackRequest } from "../../src/slack/verify";

const now = Date.parse("2026-12-01T09:00:00Z");
const ts = now / 1000;
const body = "command=%2Fdatachain&text=jobs";

async function verify(overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) {
  const signature = await slackSignature("secret", ts, body);
  return verifySlackRequest({
    timestamp: String(ts),
    signature,
    rawBody: body,
    secrets: ["secret"],
    now,
    ...overrides,
  });
}

describe("verifySlackRequest", () => {
  it("accepts Slack's v0 signature of the timestamp and raw body", async () => {
    expect(await verify()).toEqual({ ok: true });
  });

  it("accepts a timestamp exactly 300 s away and refuses 301 s either way", async () => {
    expect(await verify({ now: now + 300_000 })).toEqual({ ok: true });
    expect(await verify({ now: now + 301_000 })).toMatchObject({ ok: false, code: "slack_timestamp_stale" });
    expect(await verify({ now: now - 301_000 })).toMatchObject({ ok: false, code: "slack_timestamp_stale" });
  });

  it("refuses a body changed after signing", async () => {
    expect(await verify({ rawBody: `${body}&x=1` })).toMatchObject({ ok: false, code: "slack_signature_invalid" });
  });

  it("returns a refusal, never throws, for malformed headers", async () => {
    for (const signature of [undefined, "", "v0=", "v1=abc", `v0=${"z".repeat(64)}`])
      expect(await verify({ signature })).toMatchObject({ ok: false });
    for (const timestamp of [null, "", "soon", "1e9"]) expect(await verify({ timestamp })).toMatchObject({ ok: false });
  });

  it("accepts either secret during a rotation, and nothing with no secret", async () => {
    expect(await verify({ secrets: ["new", "secret"] })).toEqual({ ok: true });
    expect(await verify({ secrets: [] })).toMatchObject({ ok: false });
  });
});
