/**
 * A sampling CPU profile of a Worker on plain workerd, taken through workerd's inspector (Chrome DevTools
 * Protocol over a WebSocket), and its summary by function: where the Worker's own CPU goes while under load.
 */

/** The V8 `.cpuprofile` format, as `Profiler.stop` returns it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  function: string;
  selfMs: number;
  selfShare: number;
  totalMs: number;
  totalShare: number;
}

/** A minimal CDP session: numbered requests, each answered by the message carrying its id. */
export async function inspectorSession(url: string) {
  // wrangler's inspector proxy accepts local origins only; Node's WebSocket takes headers as an extension.
  const socket = new WebSocket(url, { headers: { origin: "http://localhost" } } as unknown as string[]);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`inspector at ${url} did not accept a connection`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id as number);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return {
    send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      });
    },
    close: () => socket.close(),
  };
}

const RUNTIME_FRAMES = new Set(["(program)", "(idle)", "(garbage collector)", "(root)"]);

/**
 * Self and inclusive time per function (name and source location): the `top` lines by self time and the `top`
 * by inclusive time. A function that appears several times on one stack (recursion) counts once towards its
 * inclusive time per sample. Idle time is left out of every share.
 *
 * workerd does not tell V8's profiler when its thread is idle, so time spent waiting (for a subrequest, for
 * KV) is sampled as "(program)" along with native work outside JavaScript. `busyMs` leaves it out: JavaScript,
 * garbage collection and the runtime APIs called from JavaScript, the part that is surely CPU.
 */
export function summarize(
  profile: CpuProfile,
  top = 25,
): { sampledMs: number; busyMs: number; bySelf: ProfileLine[]; byTotal: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return "?";
    const name = frame.functionName || "(anonymous)";
    if (RUNTIME_FRAMES.has(name) || !frame.url) return name;
    return `${name} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMs = 0;
  profile.samples.forEach((sample, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    if (key(sample) === "(idle)") return;
    sampledMs += ms;
    self.set(key(sample), (self.get(key(sample)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = key(id);
      if (seen.has(name) || name === "(root)") continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  const share = (ms: number) => (sampledMs === 0 ? 0 : ms / sampledMs);
  const line = (name: string): ProfileLine => {
    const selfMs = self.get(name) ?? 0;
    const totalMs = total.get(name) ?? 0;
    return { function: name, selfMs, selfShare: share(selfMs), totalMs, totalShare: share(totalMs) };
  };
  const rank = (figures: Map<string, number>) =>
    [...figures.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name]) => line(name));
  const busyMs = sampledMs - (self.get("(program)") ?? 0);
  return { sampledMs, busyMs, bySelf: rank(self), byTotal: rank(total) };
}
