import { describe, expect, it } from "vitest";
import type { StudioError } from "../../src/studio/error";
import { failureOf, studioFixture } from "../helpers/studio";

describe("clusters and uploaded files", () => {
  it("lists the configured compute clusters", async () => {
    const { client } = studioFixture();
    const clusters = await client.listClusters();
    expect(clusters.map((cluster) => cluster.name)).toEqual(["default", "gpu-large"]);
    expect(clusters[0]).toEqual({
      id: 1,
      name: "default",
      status: "ACTIVE",
      cloud_provider: "AWS",
      cloud_credentials: "aws-dev",
      is_active: true,
      default: true,
      max_workers: 10,
    });
  });

  it("runs a job on the cluster named in the input", async () => {
    const { client, advance } = studioFixture();
    const { id } = await client.createJob({ query: "print(1)", compute_cluster_name: "gpu-large" });
    await advance(9);
    expect((await client.jobLogs(id)).logs.map((line) => line.message)).toContain("running on cluster gpu-large");
  });

  it("rejects an unknown cluster and too many workers with a field-level 422", async () => {
    const { client } = studioFixture();
    const unknown = (await failureOf(client.createJob({ query: "x", compute_cluster_id: 99 }))) as StudioError;
    expect(unknown.code).toBe("studio_invalid_request");
    expect(unknown.studioMessage).toBe("compute_cluster_id: no such compute cluster");
    const greedy = (await failureOf(
      client.createJob({ query: "x", compute_cluster_name: "gpu-large", workers: 5 }),
    )) as StudioError;
    expect(greedy.studioMessage).toBe("workers: cluster gpu-large allows at most 4");
  });

  it("refuses cluster name and id together before sending anything", async () => {
    const { client, emulator } = studioFixture();
    expect(() => client.createJob({ query: "x", compute_cluster_name: "default", compute_cluster_id: 1 })).toThrow(
      /not both/,
    );
    expect(emulator.requests.total).toBe(0);
  });

  it("uploads a file and passes its id, as a string, into a job's files", async () => {
    const { client } = studioFixture();
    const upload = await client.uploadFile({ filename: "requirements.txt", content: "pandas==2.2\n" });
    expect(upload).toEqual({
      id: expect.any(String),
      filename: "requirements.txt",
      size: 12,
      state: "UPLOADED",
      error: null,
    });
    const job = await client.createJob({ query: "print(1)", files: [upload.id] });
    expect(job.status).toBe("CREATED");
  });

  it("rejects a job naming a file that was never uploaded", async () => {
    const { client } = studioFixture();
    const error = (await failureOf(client.createJob({ query: "print(1)", files: ["4242"] }))) as StudioError;
    expect(error.code).toBe("studio_invalid_request");
    expect(error.studioMessage).toBe("files: unknown file id 4242");
  });

  it("rejects an upload larger than the emulator's limit with 413", async () => {
    const { client } = studioFixture({ emulator: { maxUploadBytes: 10 } });
    const error = (await failureOf(client.uploadFile({ filename: "big.bin", content: "x".repeat(11) }))) as StudioError;
    expect(error.upstreamStatus).toBe(413);
  });
});
