import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { githubSignature, slackHeaders, studioSignature } from "../helpers/signers";
import { START } from "../helpers/studio";

/**
 * Property: whatever arrives at an inbound route — any method, content type, headers, body, size or encoding,
 * including validly signed hostile bodies — the bridge answers without a 5xx, in the JSON error shape when it
 * refuses, and logs no unhandled error. FUZZ_RUNS sets the number of requests per route (CI runs fewer).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const SECRET_VALUES = [
  "dev-token",
  "test-github-webhook-secret",
  "ghp_testtoken0000000000000000",
  "test-slack-signing-secret",
  "xoxb-test-bot-token",
  "test-studio-webhook-secret",
  "test-admin-token",
];

const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    "",
    "{",
    "null",
    "[]",
    '{"zen":1}',
    "payload=",
    "payload=%7B",
    "command=%2Fdatachain&text=help",
    "{{ github.sha }}",
    "\u0000\u0001\u001f",
    "a".repeat(70_000),
  ),
);

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "garbage",
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom("sha256=", "sha256=ZZ", "v0=", "0", "-1", "9999999999", "push", "ping"),
);

interface Mutation {
  method: string;
  contentType: string | undefined;
  body: string;
  sign: boolean;
  extraHeaders: [string, string][];
  event: string;
  timestampSkew: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE"),
  contentType,
  body: hostileText,
  sign: fc.boolean(),
  extraHeaders: fc.array(
    fc.tuple(
      fc.constantFrom(
        "x-github-event",
        "x-github-delivery",
        "x-hub-signature-256",
        "x-slack-signature",
        "x-slack-request-timestamp",
        "x-slack-retry-num",
        "x-datachain-signature-256",
        "authorization",
        "content-length",
      ),
      headerValue,
    ),
    { maxLength: 3 },
  ),
  event: fc.constantFrom("push", "pull_request", "release", "issue_comment", "ping", "installation", "", "push\n"),
  timestampSkew: fc.integer({ min: -1000, max: 1000 }),
});

type Signer = (m: Mutation) => Promise<Record<string, string>>;

const routes: [string, Signer][] = [
  [
    "/webhooks/github",
    async (m) => ({
      "x-github-event": m.event,
      "x-github-delivery": crypto.randomUUID(),
      ...(m.sign ? { "x-hub-signature-256": await githubSignature(m.body) } : {}),
    }),
  ],
  ["/slack/commands", async (m) => (m.sign ? slackHeaders(m.body, Math.floor(START / 1000) + m.timestampSkew) : {})],
  [
    "/slack/interactions",
    async (m) => (m.sign ? slackHeaders(m.body, Math.floor(START / 1000) + m.timestampSkew) : {}),
  ],
  ["/webhooks/studio", async (m) => (m.sign ? { "x-datachain-signature-256": await studioSignature(m.body) } : {})],
  ["/api/rules/test", async (m) => (m.sign ? { authorization: "Bearer test-admin-token" } : {})],
];

describe("fuzzing every inbound route", () => {
  for (const [path, sign] of routes) {
    it(`answers ${path} with a JSON 4xx or a 2xx, never a 5xx`, async () => {
      const { app, env, log, emulator } = bridgeFixture();
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const headers: Record<string, string> = { ...(await sign(m)) };
          if (m.contentType) headers["content-type"] = m.contentType;
          for (const [name, value] of m.extraHeaders) {
            if (/^[\t\x20-\x7e]*$/.test(value)) headers[name] = value;
          }
          const init: RequestInit = { method: m.method, headers };
          if (m.method !== "GET") init.body = m.body;
          const response = await app.request(path, init, env);
          const text = await response.text();
          expect(response.status, text).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(text)).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
          }
          for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
        }),
        { numRuns: RUNS },
      );
      expect(log.lines.filter((line) => line.event === "internal_error")).toEqual([]);
      // Sink bodies are what Slack and GitHub would show; their auth headers legitimately carry tokens.
      const shown = Object.values(emulator.sinks.records).flatMap((records) => records.map((record) => record.body));
      const logged = JSON.stringify(log.lines) + JSON.stringify(shown);
      for (const secret of SECRET_VALUES) expect(logged).not.toContain(secret);
    });
  }
});
