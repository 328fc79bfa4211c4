import { Action, type Origin } from "../actions/action";
import type { Deps } from "../deps";
import { sendActions } from "../queue/outbox";
import { answerQuery, type QueryCommand } from "./answer";
import { escapeText, type SlackMessage, textMessage } from "./cards";
import { MUTATING, type ParsedCommand, USAGE } from "./command";
import { actionFor, describeOperation, type MutatingCommand } from "./mutation";
import { checkPermission } from "./permissions";
import { usergroupMembers } from "./web-api";

/** Who asked, where, and how to answer: the same for a slash command and a button press. */
export interface SlackRequestContext {
  teamId: string;
  user: string;
  channel: string;
  triggerId: string;
  responseUrl: string;
  /** The command as typed (or its equivalent for a button), for "started by @user with ...". */
  commandText: string;
}

/**
 * What a request comes to: an answer that needs no Studio call (help, usage, refusals), an action queued
 * for the executor, or a Studio query still running. The routes decide how each reaches Slack in time.
 */
export type Outcome =
  | { kind: "reply"; message: SlackMessage }
  | { kind: "queued"; action: Action; message: SlackMessage }
  | { kind: "query"; answer: Promise<SlackMessage> };

export async function dispatch(deps: Deps, parsed: ParsedCommand, context: SlackRequestContext): Promise<Outcome> {
  const slash = deps.config.slack.command;
  if (!parsed.ok) {
    const usage = parsed.usage ? `\nUsage: \`${slash} ${parsed.usage}\`` : "";
    return { kind: "reply", message: textMessage(`:thinking_face: ${escapeText(parsed.message)}${usage}`) };
  }
  const { command } = parsed;
  if (command.name === "help") return { kind: "reply", message: helpMessage(deps) };
  const mutating = MUTATING.has(command.name);
  const permission = await checkPermission(deps.config.slack, context, mutating, (group) =>
    usergroupMembers(deps, group).catch((error) => {
      // Fail closed: a group we cannot read grants nothing.
      deps.log.warn("slack_usergroup_unreadable", { group, error: String(error) });
      return [];
    }),
  );
  if (!permission.allowed) return { kind: "reply", message: textMessage(permission.reason) };

  const team = deps.config.slack.workspaces[context.teamId] ?? deps.vars.DATACHAIN_STUDIO_TEAM;
  const origin: Extract<Origin, { kind: "slack" }> = {
    kind: "slack",
    team_id: context.teamId,
    channel: context.channel,
    user: context.user,
    response_url: context.responseUrl,
    command: context.commandText,
  };
  if (!mutating) return { kind: "query", answer: answerQuery(deps, command as QueryCommand, { team, origin }) };

  const built = actionFor(command as MutatingCommand, {
    config: deps.config,
    team,
    origin,
    triggerId: context.triggerId,
    now: deps.clock.now(),
  });
  if (!built.ok) return { kind: "reply", message: textMessage(`:thinking_face: ${built.message}`) };
  const valid = Action.safeParse(built.action);
  if (!valid.success) {
    const fields = valid.error.issues.map((issue) => issue.path.slice(2).join(".")).join(", ");
    return {
      kind: "reply",
      message: textMessage(`:thinking_face: That makes an invalid Studio request (${escapeText(fields)}).`),
    };
  }
  const action = valid.data;
  // On the queue before the acknowledgement: once Slack hears "queued", the work cannot be lost.
  await sendActions(deps, [action]);
  deps.log.info("slack_action_queued", { action: action.id, user: context.user, operation: action.operation.type });
  const what = describeOperation(action.operation, action.rule);
  return {
    kind: "queued",
    action,
    message: textMessage(`:inbox_tray: Queued: ${what}. The result will be posted in this channel.`),
  };
}

/** Every command with its usage line, and the recipes `run` can start. */
export function helpMessage(deps: Deps): SlackMessage {
  const slash = deps.config.slack.command;
  const lines = Object.values(USAGE).map((usage) => `\`${slash} ${usage}\``);
  const recipes = deps.config.slack.recipes.map((recipe) => {
    const params = recipe.params.map((param) => `${param.name}=${param.default ?? "…"}`).join(" ");
    return `• \`${recipe.name}\`${params ? ` ${params}` : ""}${recipe.description ? ` — ${escapeText(recipe.description)}` : ""}`;
  });
  return {
    text: `${slash} commands`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*DataChain Studio from Slack*\n${lines.join("\n")}` } },
      {
        type: "section",
        text: { type: "mrkdwn", text: `*Recipes for \`run\`*\n${recipes.join("\n") || "_none configured_"}` },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "run, cancel, trigger, pause, resume and remove-job need the `slack.mutating` permission.",
          },
        ],
      },
    ],
  };
}
