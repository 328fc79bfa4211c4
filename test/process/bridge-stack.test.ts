import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(() => stack?.stop());

describe("the bridge under wrangler dev with the emulator", () => {
  it("proves its Studio credentials against the emulator over real HTTP", async () => {
    const response = await fetch(`${stack.bridgeUrl}/healthz?deep`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, studio: { team: "dev-team", reachable: true } });
  });

  it("comes back after a restart on the same port", async () => {
    await stack.restartBridge();
    expect((await fetch(`${stack.bridgeUrl}/healthz`)).status).toBe(200);
  });
});
