import { Hono } from "hono";
import { EmulatorClock, seededRandom } from "./clock";
import { controlApi } from "./control";
import { DROP_HEADER, FaultInjector } from "./faults";
import { EmulatorOptions } from "./options";
import { RequestLog } from "./requests";
import { studioApi } from "./studio/api";
import { StudioWorld } from "./studio/world";

export interface Emulator {
  /** The Hono app: `/api/*` is Studio, `/_emulator/*` the control API. */
  app: Hono;
  world: StudioWorld;
  clock: EmulatorClock;
  faults: FaultInjector;
  requests: RequestLog;
  /**
   * A `fetch` that calls the app in-process, for a client under test. A dropped connection surfaces as the
   * `TypeError` a real fetch throws when the peer hangs up.
   */
  fetch: typeof fetch;
}

/** Builds a stateful Studio emulator. It runs the same in workerd (tests) and in Node (`npm run emulator`). */
export function createEmulator(options: EmulatorOptions = {}, clock = new EmulatorClock()): Emulator {
  const resolved = EmulatorOptions.parse(options);
  const world = new StudioWorld(resolved, clock);
  const faults = new FaultInjector(seededRandom(resolved.seed));
  const requests = new RequestLog();

  const app = new Hono({ strict: false });
  app.use("/api/*", requests.middleware(), faults.middleware());
  app.route("/api", studioApi(world));
  app.route("/_emulator", controlApi(world, faults, requests));
  app.get("/", (c) => c.json({ name: "studio-emulator", api: "/api", control: "/_emulator" }));
  app.notFound((c) => c.json({ detail: "Not found." }, 404));

  const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await app.fetch(new Request(input, init));
    if (response.headers.has(DROP_HEADER)) throw new TypeError("Network connection lost.");
    return response;
  };
  return { app, world, clock, faults, requests, fetch: inProcessFetch as typeof fetch };
}
