import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type Started, startProcess } from "../../scripts/lib/processes";
import { StudioClient } from "../../src/studio/client";

const SECRET = "process-test-studio-secret";
let emulator: Started;
let receiver: Server;
const received: { path: string; signature: string; body: string }[] = [];

beforeAll(async () => {
  const bridgePort = await freePort();
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", signature: String(request.headers["x-datachain-signature-256"]), body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(bridgePort, "127.0.0.1", resolve));
  const port = await freePort();
  emulator = await startProcess("npm", ["run", "--silent", "emulator"], {
    env: { PORT: String(port), BRIDGE_URL: `http://127.0.0.1:${bridgePort}`, STUDIO_WEBHOOK_SECRET: SECRET },
    readyUrl: `http://127.0.0.1:${port}/`,
  });
});

afterAll(async () => {
  await emulator?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe("npm run emulator with BRIDGE_URL and STUDIO_WEBHOOK_SECRET", () => {
  it("posts signed job webhooks to the bridge's /webhooks/studio over HTTP", async () => {
    const client = new StudioClient({ baseUrl: emulator.url, token: "dev-token", team: "dev-team" });
    const job = await client.createJob({ query: "print(1)" });
    for (let attempt = 0; attempt < 50 && received.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const [first] = received;
    expect(first?.path).toBe("/webhooks/studio");
    expect(first?.signature).toBe(
      `sha256=${createHmac("sha256", SECRET)
        .update(first?.body ?? "")
        .digest("hex")}`,
    );
    expect(JSON.parse(first?.body ?? "{}")).toMatchObject({
      action: "job_status",
      job: { id: job.id, status: "CREATED" },
    });
  });
});
