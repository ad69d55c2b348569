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
 * through child loggers. Redis URLs are logged only without credentials (`redactUrl` in core/redact-url.ts).
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
