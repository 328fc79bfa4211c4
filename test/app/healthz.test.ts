import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Env } from "../../src/config/env";
import { studioFixture } from "../helpers/studio";

describe("GET /healthz", () => {
  it("says the bridge is up and which Studio team it serves, never the token", async () => {
    const response = await createApp().request("/healthz", {}, env);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ ok: true, studio: { url: "http://studio.test", team: "dev-team" } });
    expect(body).not.toContain("dev-token");
  });

  it("proves the Studio credentials with ?deep", async () => {
    const { emulator } = studioFixture();
    const response = await createApp({ fetch: emulator.fetch }).request("/healthz?deep", {}, env);
    expect(await response.json()).toMatchObject({ ok: true, studio: { reachable: true } });
  });

  it("answers 503 with the Studio error code when the token is refused", async () => {
    const { emulator } = studioFixture();
    const badToken: Env = { ...env, DATACHAIN_STUDIO_TOKEN: "wrong" };
    const response = await createApp({ fetch: emulator.fetch }).request("/healthz?deep", {}, badToken);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      ok: false,
      studio: { reachable: false, error: "studio_unauthorized" },
    });
  });

  it("fails with a JSON error naming the missing setting and where to set it", async () => {
    const response = await createApp().request("/healthz", {}, { DATACHAIN_STUDIO_TEAM: "dev-team" });
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("bridge_misconfigured");
    expect(error.message).toContain(
      "DATACHAIN_STUDIO_TOKEN is not set; set it with `wrangler secret put DATACHAIN_STUDIO_TOKEN`",
    );
  });
});

describe("unknown routes", () => {
  it("answer 404 with the JSON error shape", async () => {
    const response = await createApp().request("/nope", { method: "POST" }, env);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "no route for POST /nope" } });
  });
});
