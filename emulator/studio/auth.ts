import type { Context } from "hono";
import type { ResolvedOptions } from "../options";
import { detail } from "./respond";

export interface Caller {
  user: string;
  teams: string[];
}

/**
 * Who is calling: the token from `Authorization: token <T>` (what the `datachain` CLI sends) or `Bearer <T>`
 * (what Studio's docs show). Answers 401 itself when there is none or it is unknown.
 */
export function authenticate(c: Context, options: ResolvedOptions): Caller | Response {
  const header = c.req.header("authorization") ?? "";
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match) return detail(c, 401, "Authentication credentials were not provided.");
  const grant = options.tokens[match[1] as string];
  if (!grant) return detail(c, 401, "Invalid token.");
  return grant;
}

/** 403 unless the caller belongs to the team; 422 when no team was named at all. */
export function checkTeam(c: Context, caller: Caller, team: unknown): Response | undefined {
  if (typeof team !== "string" || team === "") {
    return c.json({ detail: [{ loc: ["team_name"], msg: "Field required", type: "missing" }] }, 422);
  }
  if (!caller.teams.includes(team)) return detail(c, 403, `Not authorized for the team ${team}`);
  return undefined;
}
