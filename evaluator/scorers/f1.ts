import { renderTemplate } from '../../core/prompt/render.ts';
import type { ScorerFactory } from './scorer.ts';
import { checkTemplateVars } from './template-vars.ts';
import { tokenF1 } from './text-normalize.ts';

type F1Options = { expected?: string; threshold?: number };

/** Token-level F1 against `expected` (default `{{expected}}`); passes at or above `threshold` (default 0.5). */
export const f1Scorer: ScorerFactory = {
  kind: 'f1',
  description: 'token F1 against {{expected}} (SQuAD normalisation); passes at or above threshold (0.5)',
  direction: 'maximize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { expected: { type: 'string' }, threshold: { type: 'number', minimum: 0, maximum: 1 } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const opts = (options ?? {}) as F1Options;
    const template = opts.expected ?? '{{expected}}';
    const threshold = opts.threshold ?? 0.5;
    checkTemplateVars(template, ctx, ['expected']);
    return {
      name: ctx.name,
      score({ output, row }) {
        const value = tokenF1(output, renderTemplate(template, row));
        return { value, pass: value >= threshold };
      },
    };
  },
};
