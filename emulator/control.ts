import { Hono } from "hono";
import { z } from "zod";
import { type FaultInjector, FaultSpec } from "./faults";
import type { RequestLog } from "./requests";
import type { StudioWorld } from "./studio/world";

const ClockChange = z
  .object({
    advance_ms: z.number().int().min(0).optional(),
    advance_seconds: z.number().min(0).optional(),
    set: z.iso.datetime({ offset: true }).optional(),
    freeze: z.boolean().optional(),
  })
  .strict();

const OutcomeRule = z.object({
  match: z.string().min(1),
  status: z.enum(["COMPLETE", "FAILED"]),
  error_message: z.string().optional(),
  hang: z.boolean().optional(),
});

/**
 * The control API under `/_emulator/` that tests and demos use to steer the emulated Studio: its clock, how
 * jobs end, injected faults, a reset, and the record of API requests it served. It has no authentication:
 * the emulator is for loopback use only.
 */
export function controlApi(world: StudioWorld, faults: FaultInjector, requests: RequestLog): Hono {
  const control = new Hono({ strict: false });

  control.onError((error, c) => c.json({ error: { code: "bad_request", message: error.message } }, 400));

  control.get("/", (c) => {
    world.advance();
    return c.json({
      now: new Date(world.clock.now()).toISOString(),
      frozen: world.clock.frozen,
      jobs: world.jobs.size,
      pipelines: world.pipelines.size,
      uploads: world.uploads.size,
      outcomes: world.outcomeRules,
      faults: faults.faults,
      faults_fired: faults.fired,
      requests: requests.total,
    });
  });

  control.post("/clock", async (c) => {
    const change = ClockChange.parse(await c.req.json());
    if (change.freeze === true) world.clock.freeze();
    if (change.freeze === false) world.clock.unfreeze();
    if (change.set !== undefined) world.clock.set(Date.parse(change.set));
    const advance = (change.advance_ms ?? 0) + Math.round((change.advance_seconds ?? 0) * 1000);
    if (advance > 0) world.clock.advance(advance);
    world.advance();
    return c.json({ now: new Date(world.clock.now()).toISOString(), frozen: world.clock.frozen });
  });

  control.post("/reset", (c) => {
    world.reset();
    faults.clear();
    requests.clear();
    return c.json({ ok: true });
  });

  control.post("/outcomes", async (c) => {
    const rules = z.union([OutcomeRule, z.array(OutcomeRule)]).parse(await c.req.json());
    world.outcomeRules.push(...(Array.isArray(rules) ? rules : [rules]));
    return c.json({ outcomes: world.outcomeRules });
  });

  control.delete("/outcomes", (c) => {
    world.outcomeRules = [];
    return c.json({ outcomes: [] });
  });

  control.post("/faults", async (c) => {
    const specs = z.union([FaultSpec, z.array(FaultSpec)]).parse(await c.req.json());
    for (const spec of Array.isArray(specs) ? specs : [specs]) faults.add(spec);
    return c.json({ faults: faults.faults });
  });

  control.delete("/faults", (c) => {
    faults.clear();
    return c.json({ faults: [] });
  });

  control.get("/requests", (c) => c.json({ total: requests.total, requests: requests.entries }));

  return control;
}
