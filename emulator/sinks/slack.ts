import { Hono } from "hono";
import type { EmulatorClock } from "../clock";
import type { SinkLog } from "./record";

/**
 * A local stand-in for Slack: the Web API methods the bridge calls (`chat.postMessage`, `chat.update`,
 * `chat.postEphemeral`) under `/slack/api/`, and `response_url` posts under `/slack/response/<anything>`.
 * It records every request and answers the way Slack does, so tests read back what Slack would show.
 * `usergroups.users.list` answers from `usergroups` (group id -> member user ids).
 */
export function slackSink(log: SinkLog, clock: EmulatorClock, usergroups = new Map<string, string[]>()): Hono {
  const slack = new Hono();
  let sequence = 0;

  slack.post("/api/:method", async (c) => {
    const record = await log.record("slack", c, clock.now());
    if (!/^Bearer xox[bp]-/.test(c.req.header("authorization") ?? ""))
      return c.json({ ok: false, error: "not_authed" });
    const body = (record.body ?? {}) as Record<string, unknown>;
    const method = c.req.param("method");
    if (method === "usergroups.users.list") {
      const members = usergroups.get(c.req.query("usergroup") ?? "");
      return members ? c.json({ ok: true, users: members }) : c.json({ ok: false, error: "no_such_subteam" });
    }
    if (method !== "chat.postMessage" && method !== "chat.update" && method !== "chat.postEphemeral") {
      return c.json({ ok: false, error: "unknown_method" });
    }
    if (typeof body.channel !== "string") return c.json({ ok: false, error: "channel_not_found" });
    if (method === "chat.update" && typeof body.ts !== "string")
      return c.json({ ok: false, error: "message_not_found" });
    sequence += 1;
    const ts =
      method === "chat.update"
        ? (body.ts as string)
        : `${Math.floor(clock.now() / 1000)}.${String(sequence).padStart(6, "0")}`;
    return c.json({ ok: true, channel: body.channel, ts, message: { text: body.text, blocks: body.blocks } });
  });

  slack.post("/response/*", async (c) => {
    await log.record("slack", c, clock.now());
    return c.text("ok");
  });

  return slack;
}
