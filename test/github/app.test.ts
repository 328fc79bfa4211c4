import { describe, expect, it } from "vitest";
import { bridgeFixture } from "../helpers/bridge";
import { deliver, githubWrites, pushPayload, REPO, SHA } from "../helpers/github";

const config = `
version: 1
rules:
  - name: train
    on: push
    action: { create_job: { query: "print('train')" } }
`;

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...der)).replace(/(.{64})/g, "$1\n")}\n-----END ${label}-----\n`;

/** A fresh App key in the PKCS#1 form GitHub hands out (the PKCS#8 envelope stripped), and its public half. */
async function appKey() {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  // 2048-bit keys: SEQUENCE(4) version(3) algorithm(15) OCTET STRING header(4), then the PKCS#1 key.
  expect(pkcs8[22]).toBe(0x04);
  return { pkcs1: pem("RSA PRIVATE KEY", pkcs8.slice(26)), publicKey: pair.publicKey };
}

function base64urlBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

describe("as a GitHub App", () => {
  it("signs a JWT with the App's PKCS#1 key, takes an installation token and posts a check run", async () => {
    const { pkcs1, publicKey } = await appKey();
    const bridge = bridgeFixture({ config, env: { GITHUB_APP_ID: "12345", GITHUB_APP_PRIVATE_KEY: pkcs1 } });
    await deliver(bridge, "push", pushPayload());
    await bridge.drainQueue();

    const [exchange] = githubWrites(bridge, "/app/installations/1/access_tokens");
    const jwt = (exchange?.headers.authorization ?? "").replace(/^Bearer /, "");
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const signed = new TextEncoder().encode(`${header}.${payload}`);
    expect(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, base64urlBytes(signature), signed)).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(base64urlBytes(payload)))).toMatchObject({ iss: "12345" });

    const [job] = [...bridge.emulator.world.jobs.values()];
    const [checkRun] = githubWrites(bridge, `/repos/${REPO}/check-runs`);
    expect(checkRun?.headers.authorization).toMatch(/^Bearer ghs_local/);
    expect(checkRun?.body).toMatchObject({
      name: "studio-bridge/train",
      head_sha: SHA,
      status: "in_progress",
      details_url: job?.url,
    });
    expect(githubWrites(bridge, "/statuses/")).toEqual([]);
  });
});
