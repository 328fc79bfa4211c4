import type { SlackSettings } from "../config/schema";

export interface SlackCaller {
  user: string;
  channel: string;
}

export type Permission = { allowed: true } | { allowed: false; reason: string };

type Allow = SlackSettings["mutating"];

/**
 * Whether a caller may use a command: mutating commands need `slack.mutating`, read-only ones need
 * `slack.read_only` when it is set (everyone in the workspace otherwise). A user is allowed by name, by
 * the channel they typed in, or through a user group; Slack does not send group membership with a request,
 * so `members(group)` asks for it (`usergroups.users.list`) and is called only when the user and channel
 * did not already decide.
 */
export async function checkPermission(
  settings: SlackSettings,
  caller: SlackCaller,
  mutating: boolean,
  members: (group: string) => Promise<readonly string[]>,
): Promise<Permission> {
  const allow = mutating ? settings.mutating : settings.read_only;
  if (!allow) return { allowed: true };
  if (allow.users.includes(caller.user) || allow.channels.includes(caller.channel)) return { allowed: true };
  for (const group of allow.groups) {
    if ((await members(group)).includes(caller.user)) return { allowed: true };
  }
  return { allowed: false, reason: refusal(allow, mutating) };
}

function refusal(allow: Allow, mutating: boolean): string {
  const what = mutating ? "change anything in Studio from Slack" : "use this command";
  const who = [
    allow.users.length > 0 ? `the users ${allow.users.map((user) => `<@${user}>`).join(", ")}` : "",
    allow.groups.length > 0 ? `members of ${allow.groups.map((group) => `<!subteam^${group}>`).join(", ")}` : "",
    allow.channels.length > 0 ? `anyone in ${allow.channels.map((channel) => `<#${channel}>`).join(", ")}` : "",
  ].filter(Boolean);
  if (who.length === 0)
    return `:lock: Nobody may ${what}: \`slack.${mutating ? "mutating" : "read_only"}\` in bridge.config.yaml allows no one.`;
  return `:lock: You may not ${what}. Allowed by \`slack.${mutating ? "mutating" : "read_only"}\` in bridge.config.yaml: ${who.join("; ")}.`;
}
