import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { NotFoundError } from '../../core/errors.ts';
import type { LlmEvaluator } from '../../core/prompt/types.ts';
import { createJudgeScorer } from './llm.ts';
import type { ScorerFactory } from './scorer.ts';

/** GitHub Models' built-in judges (`uses: github/<name>`); their rubric prompts live in `builtins/<name>.yml`. */
export const GITHUB_BUILTINS = ['similarity', 'coherence', 'fluency', 'relevance', 'groundedness'] as const;

export function loadBuiltinJudge(name: string): LlmEvaluator {
  const url = new URL(`./builtins/${name}.yml`, import.meta.url);
  return parse(readFileSync(url, 'utf8')) as LlmEvaluator;
}

export const githubBuiltinScorer: ScorerFactory = {
  kind: 'uses',
  description: `GitHub Models built-in LLM judges: ${GITHUB_BUILTINS.map((b) => `github/${b}`).join(', ')}`,
  direction: 'maximize',
  callsModel: true,
  optionsSchema: { type: 'string', pattern: '^github/' },
  create(options, ctx) {
    const ref = options as string;
    const name = ref.replace(/^github\//, '');
    if (!(GITHUB_BUILTINS as readonly string[]).includes(name)) {
      throw new NotFoundError(`unknown built-in evaluator "${ref}"`, {
        location: ctx.location,
        hint: `known: ${GITHUB_BUILTINS.map((b) => `github/${b}`).join(', ')}`,
      });
    }
    // The variables are checked against the rubric (e.g. similarity needs input and expected in every row).
    return createJudgeScorer(loadBuiltinJudge(name), { ...ctx, locate: () => ctx.location }, []);
  },
};
