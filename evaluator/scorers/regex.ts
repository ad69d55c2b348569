import { ValidationError } from '../../core/errors.ts';
import type { ScorerFactory } from './scorer.ts';

type RegexOptions = { pattern: string; flags?: string; match?: boolean };

/** Passes when the output matches (or, with `match: false`, does not match) a regular expression. */
export const regexScorer: ScorerFactory = {
  kind: 'regex',
  description: 'passes when the output matches a regular expression (match: false inverts)',
  direction: 'maximize',
  optionsSchema: {
    type: 'object',
    required: ['pattern'],
    properties: {
      pattern: { type: 'string' },
      flags: { type: 'string', pattern: '^[dgimsuvy]*$' },
      match: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  create(options, ctx) {
    const opts = options as RegexOptions;
    let re: RegExp;
    try {
      // `g`/`y` make test() stateful across calls; strip them.
      re = new RegExp(opts.pattern, (opts.flags ?? '').replace(/[gy]/g, ''));
    } catch (error) {
      throw new ValidationError([
        {
          location: ctx.locate(['pattern']),
          message: `invalid regular expression: ${(error as Error).message}`,
        },
      ]);
    }
    const wantMatch = opts.match ?? true;
    return {
      name: ctx.name,
      score({ output }) {
        const pass = re.test(output) === wantMatch;
        return {
          value: pass ? 1 : 0,
          pass,
          reason: pass ? undefined : `${wantMatch ? 'no match' : 'matched'} /${re.source}/`,
        };
      },
    };
  },
};
