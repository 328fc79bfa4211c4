import { createEmulator, type Emulator } from "../../emulator/app";
import { EmulatorClock } from "../../emulator/clock";
import type { EmulatorOptions } from "../../emulator/options";
import type { Clock } from "../../src/clock";
import { StudioClient, type StudioClientOptions } from "../../src/studio/client";

export const START = Date.parse("2026-12-01T09:00:00Z");

/** A client clock that never waits: `sleep` records the delay and moves time on. */
export function manualClock(start = START): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

export interface StudioFixture {
  emulator: Emulator;
  client: StudioClient;
  clock: Clock & { sleeps: number[] };
  /** Moves the emulator's clock through its control API. */
  advance(seconds: number): Promise<void>;
  /** Calls the emulator's control API. */
  control(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** An emulated Studio on a frozen clock and a client wired to it in-process, on the `dev-team`. */
export function studioFixture(
  options: { emulator?: EmulatorOptions; client?: Partial<StudioClientOptions> } = {},
): StudioFixture {
  const emulator = createEmulator(options.emulator, new EmulatorClock({ frozenAt: START }));
  const clock = manualClock();
  const client = new StudioClient({
    baseUrl: "http://studio.test",
    token: "dev-token",
    team: "dev-team",
    fetch: emulator.fetch,
    clock,
    random: () => 0.5,
    ...options.client,
  });
  const control = async (path: string, body?: unknown, method = "POST") =>
    emulator.app.request(`/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const advance = async (seconds: number) => {
    const response = await control("/clock", { advance_seconds: seconds });
    if (!response.ok) throw new Error(`clock control failed: ${response.status}`);
  };
  return { emulator, client, clock, advance, control };
}

/** A raw request to the emulated Studio API, as any HTTP client would send it. */
export async function rawStudio(
  emulator: Emulator,
  path: string,
  init: { method?: string; token?: string | null; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== null) headers.authorization = `token ${init.token ?? "dev-token"}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return await emulator.app.request(`/api${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

/** Runs a promise that should reject and hands back what it rejected with. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
