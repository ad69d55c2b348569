import { TemplateError } from '../../core/errors.ts';
import { templateVariables } from '../../core/prompt/render.ts';
import type { ScorerContext } from './scorer.ts';

/**
 * Checks that every `{{var}}` in an evaluator template is a variable all dataset rows provide (or one of
 * `extra`, such as `completion` for judges), so a typo fails before any paid call, located at the option.
 */
export function checkTemplateVars(
  template: string,
  ctx: ScorerContext,
  path: readonly (string | number)[],
  extra: readonly string[] = [],
): void {
  for (const name of templateVariables(template)) {
    const root = name.split('.')[0] as string;
    if (ctx.variables.has(name) || ctx.variables.has(root) || extra.includes(name)) continue;
    const known = [...ctx.variables, ...extra];
    throw new TemplateError(`evaluator "${ctx.name}" names unknown variable {{${name}}}`, {
      location: ctx.locate(path),
      hint: known.length
        ? `every dataset row must provide it; available: ${known.join(', ')}`
        : 'the dataset rows have no fields',
    });
  }
}
