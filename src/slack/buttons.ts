import type { Action } from "../actions/action";
import type { Deps } from "../deps";
import { StudioError } from "../studio/error";
import { pipelineSelector, withNote } from "./answer";
import { jobCard, pipelineCard, type SlackMessage, textMessage } from "./cards";
import { describeOperation } from "./mutation";

/** The buttons our cards carry (`src/slack/cards.ts`), each the same as a command typed by hand. */
const BUTTON_COMMANDS: Record<string, string> = {
  job_cancel: "cancel",
  job_logs: "logs",
  pipeline_pause: "pause",
  pipeline_resume: "resume",
};

/**
 * The command a pressed button stands for, so a press goes through the same permission check and action
 * queue as the typed command. Unknown buttons and odd values are ignored.
 */
export function pressedButton(action: { action_id: string; value: string }): { text: string } | undefined {
  const command = BUTTON_COMMANDS[action.action_id];
  if (!command || !/^[\w.:@-]{1,200}$/.test(action.value)) return undefined;
  return { text: `${command} ${action.value}` };
}

/**
 * The card that replaces the pressed one: the run as Studio shows it now, without buttons (the action is on
 * its way), and who asked for what. The executor posts the outcome in the channel when it is done.
 */
export async function cardAfterPress(deps: Deps, action: Action, user: string): Promise<SlackMessage> {
  const note = `:hourglass_flowing_sand: <@${user}> asked to ${describeOperation(action.operation, action.rule)}: queued.`;
  const studio = deps.studio(action.team);
  const now = deps.clock.now();
  try {
    const operation = action.operation;
    if (operation.type === "cancel_job") return withNote(jobCard(await studio.getJob(operation.job_id), { now }), note);
    if (operation.type === "pause_pipeline" || operation.type === "resume_pipeline") {
      const pipeline = await studio.pipelineStatus(pipelineSelector(operation.pipeline));
      return withNote(pipelineCard(pipeline, { now }), note);
    }
  } catch (error) {
    if (!(error instanceof StudioError)) throw error;
    deps.log.warn("slack_card_refresh_failed", { code: error.code });
  }
  return textMessage(note);
}
