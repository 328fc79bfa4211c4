/**
 * Fires the bridge's Cron Trigger on plain workerd: `GET /?cron=<expression>` calls `scheduled()` on the
 * service binding (compatibility flag `service_binding_extra_handlers`) and answers with its outcome, as
 * Miniflare's `/__scheduled` does under `wrangler dev`.
 */
export default {
  async fetch(request, env) {
    const cron = new URL(request.url).searchParams.get("cron") ?? "* * * * *";
    const result = await env.BRIDGE.scheduled({ cron, scheduledTime: new Date() });
    return Response.json(result, { status: result.outcome === "ok" ? 200 : 500 });
  },
};
