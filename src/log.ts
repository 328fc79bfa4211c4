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
    // The replacer visits every key: only paid for when a field is an object that might hold an Error.
    const replacer = Object.values(fields).some((value) => typeof value === "object" && value !== null)
      ? errorsAsText
      : undefined;
    write(redact(JSON.stringify({ level, event, ...fields }, replacer), known));
  };
  return {
    info: (event, fields) => line("info", event, fields),
    warn: (event, fields) => line("warn", event, fields),
    error: (event, fields) => line("error", event, fields),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.replaceAll(secret, "[redacted]");
  return result;
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}
