import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256, timingSafeEqual, toHex, verifySha256Header } from "../../src/crypto";
import { verifySlackRequest } from "../../src/slack/verify";
import { type BridgeFixture, bridgeFixture } from "../helpers/bridge";
import { pushPayload } from "../helpers/github";
import { commandForm, SLACK_CONFIG } from "../helpers/slack";
import { START } from "../helpers/studio";

/**
 * Forgery attempts against every signed route: each must be refused with a JSON 4xx and leave no trace
 * (nothing queued, no Studio call); only a correct signature with a current secret gets through.
 */
const NOW = Math.floor(START / 1000);

interface SignedRoute {
  path: string;
  /** The header that carries the signature. */
  header: string;
  /** A body the route accepts when signed correctly. */
  body: () => string;
  contentType: string;
  envName: string;
  secret: string;
  /** The signature header value of `body` with `secret`, at `timestamp` (Slack only). */
  sign(body: string, secret: string, timestamp?: number): Promise<string>;
  extra(timestamp?: number): Record<string, string>;
}

const sha256 = async (body: string, secret: string) => `sha256=${toHex(await hmacSha256(secret, body))}`;
const slackSign = async (body: string, secret: string, timestamp = NOW) =>
  `v0=${toHex(await hmacSha256(secret, `v0:${timestamp}:${body}`))}`;

const ROUTES: SignedRoute[] = [
  {
    path: "/webhooks/github",
    header: "x-hub-signature-256",
    body: () => JSON.stringify(pushPayload()),
    contentType: "application/json",
    envName: "GITHUB_WEBHOOK_SECRET",
    secret: "test-github-webhook-secret",
    sign: sha256,
    extra: () => ({ "x-github-event": "push", "x-github-delivery": crypto.randomUUID() }),
  },
  {
    path: "/slack/commands",
    header: "x-slack-signature",
    body: () => commandForm("help"),
    contentType: "application/x-www-form-urlencoded",
    envName: "SLACK_SIGNING_SECRET",
    secret: "test-slack-signing-secret",
    sign: slackSign,
    extra: (timestamp = NOW) => ({ "x-slack-request-timestamp": String(timestamp) }),
  },
  {
    path: "/slack/interactions",
    header: "x-slack-signature",
    body: () =>
      new URLSearchParams({
        payload: JSON.stringify({
          type: "block_actions",
          team: { id: "T_ACME", domain: "acme" },
          user: { id: "U_ADMIN", username: "ada" },
          channel: { id: "C_GENERAL", name: "general" },
          container: { type: "message", message_ts: "1764579600.000100", is_ephemeral: true },
          trigger_id: crypto.randomUUID(),
          response_url: "http://studio.test/slack/response/button",
          actions: [
            { type: "button", action_id: "job_logs", block_id: "b1", value: "no-such-job", action_ts: "1764579600.1" },
          ],
        }),
      }).toString(),
    contentType: "application/x-www-form-urlencoded",
    envName: "SLACK_SIGNING_SECRET",
    secret: "test-slack-signing-secret",
    sign: slackSign,
    extra: (timestamp = NOW) => ({ "x-slack-request-timestamp": String(timestamp) }),
  },
  {
    path: "/webhooks/studio",
    header: "x-datachain-signature-256",
    body: () => JSON.stringify({ action: "ping" }),
    contentType: "application/json",
    envName: "STUDIO_WEBHOOK_SECRET",
    secret: "test-studio-webhook-secret",
    sign: sha256,
    extra: () => ({}),
  },
];

async function post(
  bridge: BridgeFixture,
  route: SignedRoute,
  body: string,
  signature: string | undefined,
  timestamp = NOW,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": route.contentType, ...route.extra(timestamp) };
  if (signature !== undefined) headers[route.header] = signature;
  return bridge.app.request(route.path, { method: "POST", headers, body }, bridge.env);
}

/** A refusal: a JSON 4xx, nothing queued, Studio never asked. */
async function expectRefused(bridge: BridgeFixture, response: Response, statuses = [400, 401]): Promise<void> {
  expect(statuses).toContain(response.status);
  expect(await response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(bridge.queue.sent).toEqual([]);
  expect(bridge.emulator.requests.total).toBe(0);
}

const flipLastHex = (signature: string) => signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");

describe.each(ROUTES)("forged requests to $path", (route) => {
  it("accepts the correctly signed request the other cases forge", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    const response = await post(bridge, route, body, await route.sign(body, route.secret));
    expect(response.status).toBeLessThan(300);
  });

  it("refuses a request with no signature, an empty one, or a wrong scheme prefix", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    const hex = (await route.sign(body, route.secret)).split("=")[1] as string;
    for (const signature of [undefined, "", hex, `sha1=${hex}`, `v1=${hex}`, `SHA256=${hex}`, `sha256 ${hex}`]) {
      if (`${route.header === "x-slack-signature" ? "v0" : "sha256"}=${hex}` === signature) continue;
      await expectRefused(bridge, await post(bridge, route, body, signature));
    }
  });

  it("refuses upper-case hex, a truncated signature, an extended one and a one-digit change", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    const good = await route.sign(body, route.secret);
    const [prefix, hex] = good.split("=") as [string, string];
    for (const signature of [
      `${prefix}=${hex.toUpperCase()}`,
      good.slice(0, -1),
      good.slice(0, 20),
      `${good}0`,
      flipLastHex(good),
    ]) {
      await expectRefused(bridge, await post(bridge, route, body, signature));
    }
  });

  it("refuses a signature made with another secret", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    await expectRefused(bridge, await post(bridge, route, body, await route.sign(body, "another-secret")));
  });

  it("refuses a body changed by one byte after signing", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    const signature = await route.sign(body, route.secret);
    const changed = body.slice(0, 5) + String.fromCharCode(body.charCodeAt(5) ^ 1) + body.slice(6);
    await expectRefused(bridge, await post(bridge, route, changed, signature));
    await expectRefused(bridge, await post(bridge, route, `${body} `, signature));
  });

  it("accepts both secrets during a rotation and refuses a third", async () => {
    const bridge = bridgeFixture({ env: { [route.envName]: `old-rotated-secret, ${route.secret}` } });
    for (const secret of ["old-rotated-secret", route.secret]) {
      const body = route.body();
      expect((await post(bridge, route, body, await route.sign(body, secret))).status).toBeLessThan(300);
    }
    const refused = bridgeFixture({ env: { [route.envName]: `old-rotated-secret, ${route.secret}` } });
    const body = route.body();
    await expectRefused(refused, await post(refused, route, body, await route.sign(body, "retired-secret")));
  });

  it("fails closed with no secret configured, whatever the signature", async () => {
    const bridge = bridgeFixture({ env: { [route.envName]: undefined } });
    const body = route.body();
    const response = await post(bridge, route, body, await route.sign(body, "any-secret"));
    await expectRefused(bridge, response, [400, 401, 503]);
  });
});

describe.each(ROUTES.filter((route) => route.path.startsWith("/slack")))("Slack timestamps on $path", (route) => {
  it("refuses a correctly signed request 301 s old and one 301 s in the future", async () => {
    const bridge = bridgeFixture();
    for (const timestamp of [NOW - 301, NOW + 301]) {
      const body = route.body();
      const response = await post(bridge, route, body, await route.sign(body, route.secret, timestamp), timestamp);
      await expectRefused(bridge, response);
    }
  });

  it("refuses a request whose timestamp header was changed after signing", async () => {
    const bridge = bridgeFixture();
    const body = route.body();
    await expectRefused(bridge, await post(bridge, route, body, await route.sign(body, route.secret, NOW), NOW - 1));
  });
});

describe("replaying a valid Slack request", () => {
  it("runs the command once: the replay is acknowledged but starts nothing", async () => {
    const bridge = bridgeFixture({ config: SLACK_CONFIG });
    const body = commandForm("run retrain MODEL=replayed");
    const signature = await slackSign(body, "test-slack-signing-secret");
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(NOW),
      "x-slack-signature": signature,
    };
    const first = await bridge.app.request("/slack/commands", { method: "POST", headers, body }, bridge.env);
    const replay = await bridge.app.request("/slack/commands", { method: "POST", headers, body }, bridge.env);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    await bridge.drainQueue();
    const created = bridge.emulator.requests.entries.filter(
      (request) => request.method === "POST" && request.path === "/api/datachain/jobs/",
    );
    expect(created).toHaveLength(1);
  });
});

describe("the admin API", () => {
  const paths = ["/api/dead-letters", "/api/runs", "/api/events"];

  it("refuses every route without a token, with a wrong one, another scheme or a token prefix", async () => {
    const bridge = bridgeFixture();
    for (const path of paths) {
      for (const authorization of [
        undefined,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong-token",
        "Bearer test-admin-toke",
        "Bearer test-admin-token0",
        "Basic dGVzdC1hZG1pbi10b2tlbg==",
        "token test-admin-token",
        "test-admin-token",
      ]) {
        const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
        const response = await bridge.app.request(path, { headers }, bridge.env);
        expect(response.status, `${path} with ${authorization}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: "admin_unauthorized" } });
      }
    }
  });

  it("accepts both tokens during a rotation, and answers 503 rather than opening up with none", async () => {
    const rotating = bridgeFixture({ env: { BRIDGE_ADMIN_TOKEN: "old-admin-token,test-admin-token" } });
    for (const token of ["old-admin-token", "test-admin-token"]) {
      const response = await rotating.app.request(
        "/api/dead-letters",
        { headers: { authorization: `Bearer ${token}` } },
        rotating.env,
      );
      expect(response.status).toBe(200);
    }
    const closed = bridgeFixture({ env: { BRIDGE_ADMIN_TOKEN: undefined } });
    const response = await closed.app.request(
      "/api/dead-letters",
      { headers: { authorization: "Bearer " } },
      closed.env,
    );
    expect(response.status).toBe(503);
  });
});

describe("constant-time comparison", () => {
  it("timingSafeEqual is true exactly for equal strings and never throws, equal length or not", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b);
        expect(timingSafeEqual(a, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual("abc", "")).toBe(false);
    expect(timingSafeEqual("", "abc")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("abcd", "abc")).toBe(false);
    // Same code units, different bytes once encoded: compared as bytes, never as lengths of code units.
    expect(timingSafeEqual("é", "e\u0301")).toBe(false);
  });

  it("the sha256 and Slack verifiers answer false, never throw, for any header of any length", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 60, maxLength: 70 }),
        ),
        async (tail) => {
          for (const prefix of ["sha256=", "v0=", ""]) {
            const header = prefix + tail;
            expect(await verifySha256Header(header, "body", ["secret"])).toBe(false);
            const slack = await verifySlackRequest({
              timestamp: String(NOW),
              signature: header,
              rawBody: "body",
              secrets: ["secret"],
              now: START,
            });
            expect(slack.ok).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
