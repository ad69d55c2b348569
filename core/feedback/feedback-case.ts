/**
 * A flagged production case: what the runtime SDK records (opt-in) and `evohub feedback pull` reads back from a
 * file, PostgreSQL or Prometheus. One shape for every sink and source; `parseFeedbackCase` checks a stored one.
 */
import { ValidationError } from '../errors.ts';

export type FeedbackCase = {
  /** Unique per case (the SDK makes a random one); de-duplicates cases read twice. */
  id: string;
  /** ISO time the outcome was recorded. */
  time: string;
  prompt: string;
  version: string;
  /** The input variables the prompt was rendered with (already redacted). */
  variables: Record<string, unknown>;
  /** The model's output (redacted); absent when the application did not capture it. */
  output?: string;
  /** What the answer should have been, when the flagger knows (becomes the row's `expected`). */
  expected?: unknown;
  /** Why it was flagged, e.g. `thumbs-down`, `escalated`. */
  reason?: string;
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** `where` locates problems, e.g. `feedback.jsonl:12`. */
export function parseFeedbackCase(raw: unknown, where: { file: string; line?: number }): FeedbackCase {
  const problem = (field: string, message: string) =>
    new ValidationError([{ location: { ...where, field: `/${field}` }, message }]);
  if (!isObject(raw)) throw problem('', 'a feedback case must be a JSON object');
  for (const f of ['id', 'time', 'prompt'] as const) {
    if (typeof raw[f] !== 'string' || raw[f] === '') throw problem(f, `${f} must be a non-empty string`);
  }
  if (Number.isNaN(Date.parse(raw.time as string))) throw problem('time', 'time must be an ISO date-time');
  if (typeof raw.version !== 'string' && typeof raw.version !== 'number') {
    throw problem('version', 'version must be a string or a number');
  }
  if (!isObject(raw.variables)) throw problem('variables', 'variables must be an object (name: value)');
  if (raw.output !== undefined && typeof raw.output !== 'string')
    throw problem('output', 'output must be a string');
  if (raw.reason !== undefined && typeof raw.reason !== 'string')
    throw problem('reason', 'reason must be a string');
  return {
    id: raw.id as string,
    time: raw.time as string,
    prompt: raw.prompt as string,
    version: String(raw.version),
    variables: raw.variables,
    ...(raw.output !== undefined ? { output: raw.output as string } : {}),
    ...(raw.expected !== undefined ? { expected: raw.expected } : {}),
    ...(raw.reason !== undefined ? { reason: raw.reason as string } : {}),
  };
}
