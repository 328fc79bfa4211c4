import { afterEach, expect } from "vitest";
import { SECRET_NAMES } from "../../src/config/env";
import { secretList } from "../../src/crypto";
import { type BridgeFixture, liveFixtures } from "../helpers/bridge";

/**
 * Runs after every test of the workers suite: no secret value the bridge was given may appear in a log line,
 * an HTTP answer, what the local Slack, GitHub or webhook receivers were sent (bodies: auth headers
 * legitimately carry tokens) or a stored KV value. The suite runs with known values (vitest.config.mts).
 */
afterEach(async () => {
  const fixtures = liveFixtures.splice(0);
  for (const fixture of fixtures) {
    const secrets = secretsOf(fixture.env);
    if (secrets.length === 0) continue;
    for (const [where, text] of await exposedText(fixture)) {
      for (const secret of secrets) {
        if (text.includes(secret)) expect.fail(`a secret (${secret.slice(0, 3)}…) appeared in ${where}`);
      }
    }
  }
});

/** Values of every secret setting, both halves of a rotation included; short values would match ordinary words. */
export function secretsOf(env: Record<string, unknown>): string[] {
  const names = new Set<string>(SECRET_NAMES);
  for (const name of Object.keys(env)) if (/(_SECRET|_TOKEN|_KEY)$/.test(name)) names.add(name);
  const values = [...names].flatMap((name) => {
    const value = env[name];
    return typeof value === "string" ? [value, ...secretList(value)] : [];
  });
  return [...new Set(values)].filter((value) => value.length >= 6);
}

const KV_PAGES = 2;

async function exposedText(fixture: BridgeFixture): Promise<[string, string][]> {
  const texts: [string, string][] = [
    ["a log line", JSON.stringify(fixture.log.lines)],
    ["an HTTP response", fixture.responses.join("\n")],
  ];
  for (const [service, records] of Object.entries(fixture.emulator.sinks.records)) {
    texts.push([`a message to the ${service} sink`, JSON.stringify(records.map((record) => record.body))]);
  }
  const kv = fixture.env.BRIDGE_KV;
  if (kv) {
    // The first pages only: a scale test keeps tens of thousands of runs of the same shape.
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page: KVNamespaceListResult<unknown> = await kv.list(cursor ? { cursor } : {});
      // Bulk reads (100 keys a call): some tests keep thousands of runs.
      for (let start = 0; start < page.keys.length; start += 100) {
        const names = page.keys.slice(start, start + 100).map((key) => key.name);
        const values = await kv.get(names, "text");
        for (const name of names) texts.push([`KV key ${name}`, `${name} ${values.get(name) ?? ""}`]);
      }
      cursor = page.list_complete || ++pages >= KV_PAGES ? undefined : page.cursor;
    } while (cursor);
  }
  return texts;
}
