/**
 * Opt-in recording of flagged production outcomes as future test cases: the input variables the prompt was
 * rendered with and (when `captureOutput`) the model's output, redacted by the PII rules before they reach any
 * sink. Nothing is recorded unless the application creates a recorder and calls `recordFlagged`.
 *
 *   const feedback = createFeedbackRecorder({ sink: fileFeedbackSink('/var/log/app/feedback.jsonl'),
 *     pii: await readPiiSettings(repoRoot) });
 *   await feedback.recordFlagged({ prompt: 'ticket-triage', version: 3, variables, output, reason: 'thumbs-down' });
 */
import { randomUUID } from 'node:crypto';
import { readEvohubConfig } from '../core/config/index.ts';
import { ConfigError } from '../core/errors.ts';
import type { FeedbackCase } from '../core/feedback/feedback-case.ts';
import { compilePii, type PiiSettings, redactText, redactValue } from '../core/feedback/pii.ts';
import type { FeedbackSink } from '../core/ports/feedback.ts';

export type FlaggedOutcome = {
  prompt: string;
  version: string | number;
  /** The variables the prompt was rendered with. */
  variables: Record<string, unknown>;
  /** The model's output; kept only when the recorder was created with `captureOutput: true`. */
  output?: string;
  /** What the answer should have been, when known (becomes the dataset row's `expected`). */
  expected?: unknown;
  /** Why it was flagged: `thumbs-down`, `escalated`, … */
  reason?: string;
};

export type FeedbackRecorderOptions = {
  sink: FeedbackSink | readonly FeedbackSink[];
  /** Redaction rules (evohub.yaml `pii:`, see readPiiSettings); absent: every named detector. */
  pii?: PiiSettings;
  /** Record the model's output too (default false: inputs only). */
  captureOutput?: boolean;
  now?: () => Date;
  newId?: () => string;
};

export type FeedbackRecorder = {
  /** Redacts and writes the case to every sink; resolves to what was stored. */
  recordFlagged(o: FlaggedOutcome): Promise<FeedbackCase>;
  close(): Promise<void>;
};

export function createFeedbackRecorder(options: FeedbackRecorderOptions): FeedbackRecorder {
  const sinks = Array.isArray(options.sink) ? [...options.sink] : [options.sink as FeedbackSink];
  if (sinks.length === 0) throw new ConfigError('createFeedbackRecorder: give at least one sink');
  const pii = compilePii(options.pii);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  return {
    async recordFlagged(o) {
      if (typeof o.prompt !== 'string' || o.prompt === '') {
        throw new ConfigError('recordFlagged: prompt must be a non-empty string');
      }
      if (typeof o.variables !== 'object' || o.variables === null || Array.isArray(o.variables)) {
        throw new ConfigError('recordFlagged: variables must be an object (name: value)');
      }
      const c: FeedbackCase = {
        id: newId(),
        time: now().toISOString(),
        prompt: o.prompt,
        version: String(o.version),
        variables: redactValue(o.variables, pii) as Record<string, unknown>,
        ...(options.captureOutput && o.output !== undefined ? { output: redactText(o.output, pii) } : {}),
        ...(o.expected !== undefined ? { expected: redactValue(o.expected, pii) } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
      };
      await Promise.all(sinks.map((s) => s.write(c)));
      return c;
    },
    async close() {
      await Promise.all(sinks.map((s) => s.close?.()));
    },
  };
}

/** The `pii:` rules of `<repoRoot>/evohub.yaml` (validated; none configured: undefined, every detector). */
export async function readPiiSettings(repoRoot: string): Promise<PiiSettings | undefined> {
  return (await readEvohubConfig(repoRoot)).pii;
}
