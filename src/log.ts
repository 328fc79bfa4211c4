/**
 * Structured JSON log lines (Workers Logs indexes them), with every known secret value replaced before the
 * line is written: a token that slips into an error message still never reaches the logs.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  secrets: readonly (string | undefined)[],
  write: (line: string) => void = console.log,
): Logger {
  // Short values would redact ordinary words; real secrets are long.
  const known = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length >= 6);
  const line = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    write(redact(JSON.stringify({ level, event, ...fields }, errorsAsText), known));
  };
  return {
    info: (event, fields) => line("info", event, fields),
    warn: (event, fields) => line("warn", event, fields),
    error: (event, fields) => line("error", event, fields),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("[redacted]");
  return result;
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}
