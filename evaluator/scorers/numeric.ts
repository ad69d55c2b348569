import { renderTemplate } from '../../core/prompt/render.ts';
import type { ScorerFactory } from './scorer.ts';
import { checkTemplateVars } from './template-vars.ts';

type NumericOptions = { expected?: string | number; tolerance?: number; relative?: boolean };

const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?|-?\.\d+/;

/** The first number in a text (thousands separators allowed), or undefined. */
export function firstNumber(text: string): number | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const n = Number(m[0].replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Passes when the first number in the output is within `tolerance` (absolute, or relative) of `expected`. */
export const numericScorer: ScorerFactory = {
  kind: 'numeric',
  description: 'passes when the first number in the output is within tolerance of {{expected}}',
  direction: 'maximize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: {
      expected: { type: ['string', 'number'] },
      tolerance: { type: 'number', minimum: 0 },
      relative: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  create(options, ctx) {
    const opts = (options ?? {}) as NumericOptions;
    const template = String(opts.expected ?? '{{expected}}');
    const tolerance = opts.tolerance ?? 0;
    checkTemplateVars(template, ctx, ['expected']);
    return {
      name: ctx.name,
      score({ output, row }) {
        const want = firstNumber(renderTemplate(template, row));
        const got = firstNumber(output);
        if (want === undefined) return { value: 0, pass: false, reason: 'expected value is not a number' };
        if (got === undefined) return { value: 0, pass: false, reason: 'no number in the output' };
        const allowed = opts.relative ? tolerance * Math.abs(want) : tolerance;
        const pass = Math.abs(got - want) <= allowed + 1e-12;
        return {
          value: pass ? 1 : 0,
          pass,
          reason: pass ? undefined : `got ${got}, expected ${want} ± ${allowed}`,
        };
      },
    };
  },
};
