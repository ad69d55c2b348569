import { ConfigError } from '../../core/errors.ts';
import { renderTemplate } from '../../core/prompt/render.ts';
import type { LlmChoice, LlmEvaluator, Message } from '../../core/prompt/types.ts';
import type { JudgeCall, Scorer, ScorerContext, ScorerFactory } from './scorer.ts';
import { checkTemplateVars } from './template-vars.ts';

/**
 * Which choice a judge picked. GitHub Models takes the first choice (in declared order) that the lower-cased
 * answer contains; that misreads answers such as "Score: 4 (out of 5)", so an exact answer and then the last
 * line are tried first, and GitHub's rule is the fallback.
 */
export function matchChoice(answer: string, choices: readonly LlmChoice[]): LlmChoice | undefined {
  const text = answer.trim().toLowerCase();
  const exact = choices.find((c) => c.choice.toLowerCase() === text);
  if (exact) return exact;
  const lastLine =
    text
      .split('\n')
      .filter((l) => l.trim())
      .at(-1) ?? '';
  const onLast = choices.filter((c) => lastLine.includes(c.choice.toLowerCase()));
  if (onLast.length === 1) return onLast[0];
  return choices.find((c) => text.includes(c.choice.toLowerCase()));
}

/** Builds a judge scorer from a GitHub-style `llm` block (also used for the `github/<name>` built-ins). */
export function createJudgeScorer(
  spec: LlmEvaluator,
  ctx: ScorerContext,
  promptPath: readonly (string | number)[],
): Scorer & { judgeModel: string } {
  checkTemplateVars(spec.prompt, ctx, promptPath, ['completion']);
  const judgeModel = ctx.judgeModel ?? spec.modelId;
  const judge: JudgeCall | undefined = ctx.judge;
  return {
    name: ctx.name,
    judgeModel,
    async score({ output, row }) {
      if (!judge) throw new ConfigError(`evaluator "${ctx.name}" needs a judge model but none is configured`);
      const vars = { ...row, completion: output };
      const messages: Message[] = [];
      if (spec.systemPrompt) messages.push({ role: 'system', content: spec.systemPrompt });
      messages.push({ role: 'user', content: renderTemplate(spec.prompt, vars) });
      const answer = await judge(judgeModel, messages);
      const choice = matchChoice(answer.text, spec.choices);
      if (!choice) {
        return {
          value: 0,
          pass: false,
          costUsd: answer.costUsd,
          reason: `judge answer '${answer.text.slice(0, 80)}' matched no choice`,
        };
      }
      return {
        value: choice.score,
        pass: choice.score > 0,
        costUsd: answer.costUsd,
        reason: `judge: ${choice.choice}`,
      };
    },
  };
}

/** GitHub Models' `llm` evaluator: a judge model answers a rubric prompt; its choice maps to a score. */
export const llmScorer: ScorerFactory = {
  kind: 'llm',
  description:
    'LLM judge (GitHub Models format): prompt with {{completion}} and row variables, choices → scores',
  direction: 'maximize',
  callsModel: true,
  optionsSchema: {
    type: 'object',
    required: ['modelId', 'prompt', 'choices'],
    properties: {
      modelId: { type: 'string', minLength: 1 },
      prompt: { type: 'string', minLength: 1 },
      systemPrompt: { type: 'string' },
      choices: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['choice', 'score'],
          properties: { choice: { type: 'string', minLength: 1 }, score: { type: 'number' } },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  create(options, ctx) {
    return createJudgeScorer(options as LlmEvaluator, ctx, ['prompt']);
  },
};
