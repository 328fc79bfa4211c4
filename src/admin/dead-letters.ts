import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { getDeadLetter, listDeadLetters, replayDeadLetter } from "../queue/dead-letters";

/** `GET /api/dead-letters` and `POST /api/dead-letters/:id/replay`. */
export function deadLetterRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => c.json({ dead_letters: await listDeadLetters(c.var.deps) }));

  routes.post("/:id/replay", async (c) => {
    const letter = await getDeadLetter(c.var.deps, c.req.param("id"));
    if (!letter) throw new BridgeError(404, "dead_letter_not_found", `no dead letter ${c.req.param("id")}`);
    return c.json({ replayed: await replayDeadLetter(c.var.deps, letter) }, 202);
  });

  return routes;
}
