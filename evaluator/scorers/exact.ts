import { renderTemplate } from '../../core/prompt/render.ts';
import type { ScorerFactory } from './scorer.ts';
import { checkTemplateVars } from './template-vars.ts';
import { normalizeAnswer } from './text-normalize.ts';

type ExactOptions = { expected?: string };

/** Normalised exact match (case, punctuation, articles and spacing ignored) against `expected` (default `{{expected}}`). */
export const exactScorer: ScorerFactory = {
  kind: 'exact',
  description: 'normalised exact match (case, punctuation, articles, spacing ignored) against {{expected}}',
  direction: 'maximize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { expected: { type: 'string' } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const template = (options as ExactOptions | null)?.expected ?? '{{expected}}';
    checkTemplateVars(template, ctx, ['expected']);
    return {
      name: ctx.name,
      score({ output, row }) {
        const want = renderTemplate(template, row);
        const pass = normalizeAnswer(output) === normalizeAnswer(want);
        return { value: pass ? 1 : 0, pass, reason: pass ? undefined : `expected '${want}'` };
      },
    };
  },
};
