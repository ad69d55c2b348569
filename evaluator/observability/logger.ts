import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Fields that may hold secrets anywhere in a logged object; pino replaces their values. */
const REDACT = [
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers',
  '*.headers',
  '*.*.headers',
  'password',
  '*.password',
  'redisUrl',
  '*.redisUrl',
];

/**
 * Structured JSON logs (one object a line) to `stream`, e.g. the CLI's stderr. Callers add `runId`/`jobId`
 * through child loggers. Redis URLs are logged only without their password (`redactUrl`).
 */
export function createLogger(
  stream: { write(chunk: string): unknown },
  base: Record<string, unknown>,
  level = 'info',
): Logger {
  return pino(
    {
      level,
      base,
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream as unknown as NodeJS.WritableStream,
  );
}

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
