import { ValidationError } from '../../core/errors.ts';
import { renderTemplate } from '../../core/prompt/render.ts';
import type { StringEvaluator } from '../../core/prompt/types.ts';
import type { ScorerFactory } from './scorer.ts';
import { checkTemplateVars } from './template-vars.ts';

const OPS = ['equals', 'contains', 'startsWith', 'endsWith'] as const;
type Op = (typeof OPS)[number];

/**
 * GitHub Models' `string` evaluator, with its semantics: the model output is trimmed; `equals` is exact and
 * case-sensitive; `contains`/`startsWith`/`endsWith` ignore case. `{{var}}` in the value comes from the row.
 */
export const stringScorer: ScorerFactory = {
  kind: 'string',
  description:
    'GitHub Models string check: equals / contains / startsWith / endsWith, with {{var}} from the row',
  direction: 'maximize',
  optionsSchema: {
    type: 'object',
    properties: Object.fromEntries(OPS.map((op) => [op, { type: 'string' }])),
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
  },
  create(options, ctx) {
    const opts = options as StringEvaluator;
    const op = OPS.find((o) => typeof opts[o] === 'string') as Op | undefined;
    if (!op) {
      throw new ValidationError([
        { location: ctx.location, message: `string evaluator "${ctx.name}" needs one of ${OPS.join(', ')}` },
      ]);
    }
    const template = opts[op] as string;
    checkTemplateVars(template, ctx, [op]);
    return {
      name: ctx.name,
      score({ output, row }) {
        const want = renderTemplate(template, row);
        const got = output.trim();
        let pass: boolean;
        if (op === 'equals') pass = got === want;
        else if (op === 'contains') pass = got.toLowerCase().includes(want.toLowerCase());
        else if (op === 'startsWith') pass = got.toLowerCase().startsWith(want.toLowerCase());
        else pass = got.toLowerCase().endsWith(want.toLowerCase());
        return { value: pass ? 1 : 0, pass, reason: pass ? undefined : `expected ${op} '${want}'` };
      },
    };
  },
};
