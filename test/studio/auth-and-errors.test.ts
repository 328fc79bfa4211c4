import { describe, expect, it } from "vitest";
import type { StudioError } from "../../src/studio/error";
import { failureOf, rawStudio, studioFixture } from "../helpers/studio";

describe("authentication, teams and Studio's error bodies", () => {
  it("answers 401 without a token and with an unknown one", async () => {
    const { emulator } = studioFixture();
    const missing = await rawStudio(emulator, "/datachain/jobs/?team_name=dev-team", { token: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const unknown = await rawStudio(emulator, "/datachain/jobs/?team_name=dev-team", { token: "stolen" });
    expect(unknown.status).toBe(401);
  });

  it("accepts the Bearer form that Studio's docs show", async () => {
    const { emulator } = studioFixture();
    const response = await rawStudio(emulator, "/datachain/jobs/?team_name=dev-team", {
      token: null,
      headers: { authorization: "Bearer dev-token" },
    });
    expect(response.status).toBe(200);
  });

  it("answers 403 for a team the token does not belong to", async () => {
    const { client } = studioFixture();
    const error = (await failureOf(client.listJobs({}, { team: "other-team" }))) as StudioError;
    expect(error.code).toBe("studio_forbidden");
    expect(error.upstreamStatus).toBe(403);
    expect(error.studioMessage).toBe("Not authorized for the team other-team");
  });

  it("maps a bad token to a typed unauthorized error carrying Studio's message", async () => {
    const { client } = studioFixture({ client: { token: "wrong" } });
    const error = (await failureOf(client.listClusters())) as StudioError;
    expect(error.code).toBe("studio_unauthorized");
    expect(error.message).toBe("GET /datachain/clusters/: Invalid token.");
  });

  it("answers 422 with one entry per invalid field", async () => {
    const { emulator } = studioFixture();
    const response = await rawStudio(emulator, "/datachain/jobs/", {
      json: { team_name: "dev-team", query: "", priority: 9 },
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { detail: { loc: string[] }[] };
    expect(body.detail.map((entry) => entry.loc.join("."))).toEqual(["body.query", "body.priority"]);
  });

  it("answers 422 for a missing team_name and 400 for a body that is not JSON", async () => {
    const { emulator } = studioFixture();
    expect((await rawStudio(emulator, "/datachain/clusters/")).status).toBe(422);
    const notJson = await emulator.app.request("/api/datachain/jobs/", {
      method: "POST",
      headers: { authorization: "token dev-token", "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
  });

  it("rejects a bad environment line with the line in the message", async () => {
    const { client } = studioFixture();
    const error = (await failureOf(
      client.createJob({ query: "x", environment: "GOOD=1\nno-equals-sign" }),
    )) as StudioError;
    expect(error.studioMessage).toBe('environment: expected KEY=VALUE, got "no-equals-sign"');
  });

  it("hides another team's job behind 404", async () => {
    const { client, emulator } = studioFixture({
      emulator: { tokens: { "dev-token": { user: "dev-user", teams: ["dev-team", "ml-team"] } } },
    });
    const { id } = await client.createJob({ query: "x" }, { team: "ml-team" });
    const response = await rawStudio(emulator, `/datachain/jobs/${id}/logs?team_name=dev-team`);
    expect(response.status).toBe(404);
  });
});
