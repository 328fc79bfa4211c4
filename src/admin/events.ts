import { Hono } from "hono";
import type { AppEnv } from "../deps";
import { BridgeError } from "../errors";
import { getDelivery } from "../github/deliveries";

/** `GET /api/events/:delivery`: what the bridge decided for a GitHub delivery, rule by rule ("why didn't it fire?"). */
export function eventRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/:delivery", async (c) => {
    const record = await getDelivery(c.var.deps, c.req.param("delivery"));
    if (!record) {
      throw new BridgeError(404, "delivery_not_found", `no delivery ${c.req.param("delivery")} in the last 7 days`);
    }
    return c.json(record);
  });
  return routes;
}
