import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { pullRequestPayload, pushPayload } from "../helpers/github";
import { githubSignature, slackHeaders, studioSignature } from "../helpers/signers";
import { commandForm } from "../helpers/slack";
import { rawStudio, START } from "../helpers/studio";

/**
 * Property: whatever arrives at an inbound route — any method, content type, headers, body, size or encoding,
 * including validly signed hostile bodies — the bridge answers without a 5xx, in the JSON error shape when it
 * refuses, and logs no unhandled error. FUZZ_RUNS sets the number of requests per route (CI runs fewer).
 */
const RUNS = inject("fuzzRuns");

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
    }, 600_000);
  }
});

/** A JSON value with one leaf or object replaced, removed or extended: realistic shapes, hostile contents. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Stands for 3,000 levels of nesting; put in place when encoding, so fast-check never has to print it. */
const DEEP = "\u0000deep-nesting\u0000";
const DEEP_JSON = `${'{"a":['.repeat(1500)}0${"]}".repeat(1500)}`;

/** JSON text of a mutated value, the deep-nesting marker expanded. */
const stringify = (value: Json): string => JSON.stringify(value).split(JSON.stringify(DEEP)).join(DEEP_JSON);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    0,
    -1,
    1e308,
    -0,
    true,
    [],
    {},
    "",
    "x".repeat(100_000),
    "\u202e\ud800\udfff\u0000\uffff",
    "{{ github.sha }}{{ params.X }}",
    "$(rm -rf /)`id`",
    "../../../etc/passwd",
    "refs/heads/\n\r\t",
    { __proto__: { polluted: true } } as Json,
    { constructor: { prototype: { polluted: true } } },
    DEEP,
    { a: [{ a: [{ a: [{ a: [{ a: [{ a: [] }] }] }] }] }] },
  ),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.integer(),
  fc.double(),
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as Json),
);

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const children = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...children.flatMap((key) => paths((value as Record<string, Json>)[key] as Json, [...prefix, key]))];
}

function mutate(value: Json, choice: number, replacement: Json, remove: boolean): Json {
  const copy = structuredClone(value);
  const all = paths(copy);
  const path = all[choice % all.length] as (string | number)[];
  if (path.length === 0) return remove ? null : replacement;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy);
  const key = path.at(-1) as string | number;
  if (remove && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key];
  else (parent as Record<string, Json>)[key] = replacement;
  return copy;
}

const mutationOf = fc.record({
  choice: fc.nat(),
  replacement: hostileValue,
  remove: fc.boolean(),
  times: fc.integer({ min: 1, max: 3 }),
});

type Base = { path: string; base: () => Json; encode: (value: Json) => Promise<RequestInit> };

const json = (body: string, headers: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body,
});
const slackForm = async (body: string): Promise<RequestInit> => ({
  method: "POST",
  headers: await slackHeaders(body, Math.floor(START / 1000)),
  body,
});

const BASES: Base[] = [
  {
    path: "/webhooks/github",
    base: () => ({ event: "push", payload: pushPayload() as unknown as Json }),
    encode: async (value) => {
      const { event, payload } = (value ?? {}) as { event?: Json; payload?: Json };
      const body = stringify(payload ?? value);
      return json(body, {
        "x-github-event": typeof event === "string" && /^[\x20-\x7e]*$/.test(event) ? event : "push",
        "x-github-delivery": crypto.randomUUID(),
        "x-hub-signature-256": await githubSignature(body),
      });
    },
  },
  {
    path: "/webhooks/github",
    base: () => ({ event: "pull_request", payload: pullRequestPayload({ action: "closed", merged: true }) as Json }),
    encode: async (value) => {
      const payload = ((value ?? {}) as { payload?: Json }).payload ?? value;
      const body = new URLSearchParams({ payload: stringify(payload) }).toString();
      return {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-github-event": "pull_request",
          "x-github-delivery": crypto.randomUUID(),
          "x-hub-signature-256": await githubSignature(body),
        },
        body,
      };
    },
  },
  {
    path: "/slack/commands",
    base: () => Object.fromEntries(new URLSearchParams(commandForm("run retrain MODEL=bert EPOCHS=5"))),
    encode: async (value) => {
      const fields = value !== null && typeof value === "object" && !Array.isArray(value) ? value : { text: value };
      const form = new URLSearchParams();
      for (const [key, field] of Object.entries(fields)) {
        form.set(key, typeof field === "string" ? field : stringify(field));
      }
      return slackForm(form.toString());
    },
  },
  {
    path: "/slack/interactions",
    base: () => ({
      type: "block_actions",
      team: { id: "T_ACME", domain: "acme" },
      user: { id: "U_ADMIN", username: "ada" },
      channel: { id: "C_GENERAL", name: "general" },
      container: { type: "message", message_ts: "1764579600.000100", is_ephemeral: true },
      response_url: "http://studio.test/slack/response/button",
      trigger_id: "trigger-fuzz",
      actions: [{ type: "button", action_id: "job_cancel", block_id: "b1", value: "job-1", action_ts: "1.1" }],
    }),
    encode: async (value) => slackForm(new URLSearchParams({ payload: stringify(value) }).toString()),
  },
  {
    path: "/webhooks/studio",
    base: () => ({ action: "job_status", job: STUDIO_JOB }),
    encode: async (value) => {
      const body = stringify(value);
      return json(body, { "x-datachain-signature-256": await studioSignature(body) });
    },
  },
  {
    path: "/api/rules/test",
    base: () => ({ event: "push", payload: pushPayload() as unknown as Json }),
    encode: async (value) => json(stringify(value), { authorization: "Bearer test-admin-token" }),
  },
];

/** A job as Studio returns it, filled in by the first test from the emulator. */
let STUDIO_JOB: Json = {};

const FUZZ_CONFIG = `
version: 1
rules:
  - name: train
    on: push
    if: { branches: ["**"] }
    action:
      create_job:
        query: "print('x')"
        query_name: "train-{{ github.ref_name }}"
        environment: { SHA: "{{ github.sha }}", ACTOR: "{{ github.actor }}" }
  - name: merged
    on: pull_request
    if: { merged: true }
    action:
      trigger_pipeline: { dataset: "@acme.models.weights" }
slack:
  mutating: { users: [U_ADMIN] }
  recipes:
    - name: retrain
      params: [{ name: MODEL }, { name: EPOCHS, default: "10", pattern: "[0-9]{1,3}" }]
      job:
        query: "print('retrain')"
        query_name: "retrain-{{ params.MODEL }}"
tracking: { all_jobs: true }
`;

describe("fuzzing validly signed, realistic payloads with hostile contents", () => {
  for (const { path, base, encode } of BASES) {
    it(`answers ${path} (${JSON.stringify(base()).slice(0, 40)}…) with a JSON 4xx or a 2xx`, async () => {
      const { app, env, log, emulator, drainQueue } = bridgeFixture({ config: FUZZ_CONFIG });
      const created = await rawStudio(emulator, "/datachain/jobs/", {
        json: { team_name: "dev-team", query: "print(1)", query_name: "fuzz" },
      });
      STUDIO_JOB = (await created.json()) as Json;
      await fc.assert(
        fc.asyncProperty(fc.array(mutationOf, { minLength: 1, maxLength: 3 }), async (mutations) => {
          let value = base();
          for (const { choice, replacement, remove } of mutations) value = mutate(value, choice, replacement, remove);
          const response = await app.request(path, await encode(value), env);
          const text = await response.text();
          expect(response.status, text.slice(0, 300)).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(text)).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
          }
        }),
        { numRuns: RUNS },
      );
      // What was accepted must also survive the consumer: no internal error there either.
      await drainQueue();
      expect(log.lines.filter((line) => line.event === "internal_error")).toEqual([]);
    }, 600_000);
  }
});

describe("fuzzing the admin API's paths and queries", () => {
  it("answers every /api/* route, any id, query and method, with a JSON 4xx or a 2xx", async () => {
    const { app, env, log } = bridgeFixture();
    const segment = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom("", "..", "%2e%2e", "job:1", "pipeline:x", "%", "%ZZ", "a".repeat(2000), "{{ x }}"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("dead-letters", "events", "runs", "rules/test", "nope"),
        segment,
        fc.constantFrom("", "/replay", "/x/y"),
        fc.dictionary(fc.constantFrom("status", "limit", "kind", "cursor", "team"), segment, { maxKeys: 3 }),
        fc.constantFrom("GET", "POST", "DELETE", "PUT"),
        fc.boolean(),
        async (resource, id, tail, query, method, authorized) => {
          const search = new URLSearchParams(query).toString();
          const path = `/api/${resource}/${encodeURIComponent(id)}${tail}${search ? `?${search}` : ""}`;
          const headers: Record<string, string> = authorized ? { authorization: "Bearer test-admin-token" } : {};
          const response = await app.request(path, { method, headers }, env);
          const text = await response.text();
          expect(response.status, `${method} ${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String) } });
        },
      ),
      { numRuns: RUNS },
    );
    expect(log.lines.filter((line) => line.event === "internal_error")).toEqual([]);
  }, 600_000);
});
