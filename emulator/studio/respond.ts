import type { Context } from "hono";
import type { z } from "zod";

/** Studio's error body for a plain failure: `{"detail": "..."}`. */
export function detail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415, message: string): Response {
  return c.json({ detail: message }, status);
}

/** Studio's 422: one entry per invalid field, each with where (`loc`) and what (`msg`). */
export function invalid(c: Context, errors: { loc: (string | number)[]; msg: string }[]): Response {
  return c.json({ detail: errors.map((error) => ({ ...error, type: "value_error" })) }, 422);
}

/** A zod failure as Studio's 422, each issue under `where` (`body` or `query`). */
export function invalidFrom(c: Context, where: "body" | "query", error: z.ZodError): Response {
  return invalid(
    c,
    error.issues.map((issue) => ({
      loc: [where, ...issue.path.map((part) => (typeof part === "number" ? part : String(part)))],
      msg: issue.message,
    })),
  );
}
