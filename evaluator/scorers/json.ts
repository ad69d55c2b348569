import { parseJsonOutput } from './json-text.ts';
import type { ScorerFactory } from './scorer.ts';

type JsonOptions = { allowFence?: boolean };

/** Passes when the output parses as JSON (a ```json fence around it is accepted unless `allowFence: false`). */
export const jsonScorer: ScorerFactory = {
  kind: 'json',
  description: 'passes when the output is valid JSON',
  direction: 'maximize',
  optionsSchema: {
    type: 'object',
    properties: { allowFence: { type: 'boolean' } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const allowFence = (options as JsonOptions | null)?.allowFence ?? true;
    return {
      name: ctx.name,
      score({ output }) {
        const parsed = allowFence
          ? parseJsonOutput(output)
          : parseJsonOutput(output.trim().startsWith('```') ? '' : output);
        return parsed.ok
          ? { value: 1, pass: true }
          : { value: 0, pass: false, reason: `not JSON: ${parsed.error}` };
      },
    };
  },
};
