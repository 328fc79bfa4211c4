import { describe, expect, it } from "vitest";
import { verifySha256Header } from "../../src/crypto";
import { studioFixture } from "../helpers/studio";

describe("the emulator's outgoing Studio webhooks", () => {
  it("posts each job transition, signed, to the configured URL", async () => {
    const { emulator, client, advance } = studioFixture();
    const received: { body: string; signature: string | null }[] = [];
    emulator.webhooks.configure(
      { url: "http://bridge.test/webhooks/studio", secret: "s3cret-value" },
      async (request) => {
        received.push({ body: await request.text(), signature: request.headers.get("x-datachain-signature-256") });
        return new Response("ok");
      },
    );
    const job = await client.createJob({ query: "print(1)" });
    await advance(60);
    await emulator.webhooks.flush();

    const statuses = received.map((delivery) => (JSON.parse(delivery.body) as { job: { status: string } }).job.status);
    expect(statuses).toEqual(["CREATED", "QUEUED", "INIT", "RUNNING", "COMPLETE"]);
    for (const delivery of received) {
      expect(await verifySha256Header(delivery.signature, delivery.body, ["s3cret-value"])).toBe(true);
    }
    expect(JSON.parse(received[0]?.body ?? "{}")).toMatchObject({ action: "job_status", job: { id: job.id } });
  });

  it("drops deliveries at the rate set through the control API, and never shows the secret", async () => {
    const { emulator, client, advance, control } = studioFixture();
    emulator.webhooks.configure(
      { url: "http://bridge.test/hook", secret: "s3cret-value" },
      async () => new Response("ok"),
    );
    const response = await control("/webhooks", { drop_rate: 1 });
    expect(JSON.stringify(await response.json())).not.toContain("s3cret-value");
    await client.createJob({ query: "print(1)" });
    await advance(60);
    await emulator.webhooks.flush();

    expect(emulator.webhooks.deliveries.map((delivery) => delivery.outcome)).toEqual(Array(5).fill("dropped"));
  });
});
