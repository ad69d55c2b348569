import { Ajv } from 'ajv';
import { NotFoundError, type Problem, ValidationError } from '../../core/errors.ts';
import type { DatasetRow, Evaluator, PromptFile } from '../../core/prompt/types.ts';
import { exactScorer } from './exact.ts';
import { f1Scorer } from './f1.ts';
import { githubBuiltinScorer } from './github-builtins.ts';
import { jsonScorer } from './json.ts';
import { jsonSchemaScorer } from './json-schema.ts';
import { llmScorer } from './llm.ts';
import { makeLocator } from './locate.ts';
import { costScorer, latencyScorer, tokensScorer } from './measures.ts';
import { numericScorer } from './numeric.ts';
import { regexScorer } from './regex.ts';
import { safetyScorer } from './safety.ts';
import type { BuiltScorer, JudgeCall, ScorerFactory } from './scorer.ts';
import { stringScorer } from './string.ts';

/** Every scorer, keyed by the evaluator field that selects it. */
export const scorerFactories: readonly ScorerFactory[] = [
  stringScorer,
  llmScorer,
  githubBuiltinScorer,
  regexScorer,
  jsonScorer,
  jsonSchemaScorer,
  numericScorer,
  exactScorer,
  f1Scorer,
  latencyScorer,
  tokensScorer,
  costScorer,
  safetyScorer,
];

export function listScorers(): { kind: string; description: string }[] {
  return scorerFactories.map((f) => ({ kind: f.kind, description: f.description }));
}

export function findScorer(kind: string): ScorerFactory | undefined {
  return scorerFactories.find((f) => f.kind === kind);
}

export type BuildScorersOptions = {
  file: string;
  /** The prompt file's text, for line:column in errors. */
  text?: string;
  prompt: PromptFile;
  /** The rows that will be evaluated: a variable must be present in every one of them. */
  rows: readonly DatasetRow[];
  judge?: JudgeCall;
  /** Replaces every LLM judge's model (tests, offline runs). */
  judgeModel?: string;
};

/** Variables that every row provides. */
export function commonVariables(rows: readonly DatasetRow[]): Set<string> {
  const [first, ...rest] = rows;
  const vars = new Set(first ? Object.keys(first) : []);
  for (const row of rest) for (const v of vars) if (!Object.hasOwn(row, v)) vars.delete(v);
  return vars;
}

/**
 * Builds a scorer for every evaluator in the prompt, checking everything that can be checked before a paid
 * call: the form is known, its options match the schema, referenced variables exist in every row, regexes and
 * schemas compile. Errors name file:line:col of the evaluator.
 */
export function buildScorers(opts: BuildScorersOptions): BuiltScorer[] {
  const locate = makeLocator(opts.file, opts.text);
  const variables = commonVariables(opts.rows);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const seen = new Set<string>();
  const built: BuiltScorer[] = [];
  const evaluators: readonly Evaluator[] = opts.prompt.evaluators ?? [];
  evaluators.forEach((ev, i) => {
    const at = ['evaluators', i];
    if (typeof ev.name !== 'string' || !ev.name) {
      throw new ValidationError([{ location: locate(at), message: 'evaluator has no name' }]);
    }
    if (seen.has(ev.name)) {
      throw new ValidationError([
        { location: locate([...at, 'name']), message: `duplicate evaluator name "${ev.name}"` },
      ]);
    }
    seen.add(ev.name);
    const forms = Object.keys(ev).filter((k) => k !== 'name' && k !== 'description');
    const unknown = forms.filter((k) => !findScorer(k));
    if (unknown.length > 0 || forms.length !== 1) {
      const key = unknown[0] ?? forms[1] ?? 'name';
      const message =
        unknown.length > 0
          ? `evaluator "${ev.name}" uses unknown scorer "${unknown[0]}"`
          : forms.length === 0
            ? `evaluator "${ev.name}" has no scorer`
            : `evaluator "${ev.name}" has more than one scorer (${forms.join(', ')})`;
      throw new NotFoundError(message, {
        location: locate([...at, key], 'key'),
        hint: `known scorers: ${scorerFactories.map((f) => f.kind).join(', ')}`,
      });
    }
    const kind = forms[0] as string;
    const factory = findScorer(kind) as ScorerFactory;
    const options = ev[kind] ?? null;
    const validate = ajv.compile(factory.optionsSchema);
    if (!validate(options)) {
      const problems: Problem[] = (validate.errors ?? []).map((e) => {
        const sub = e.instancePath.split('/').filter(Boolean);
        const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params.additionalProperty)}"` : '';
        return {
          location: locate([...at, kind, ...sub]),
          message: `evaluator "${ev.name}": ${kind}${e.instancePath} ${e.message}${extra}`,
        };
      });
      throw new ValidationError(problems);
    }
    const scorer = factory.create(options, {
      name: ev.name,
      prompt: opts.prompt,
      location: locate([...at, kind]),
      locate: (path) => locate([...at, kind, ...path]),
      variables,
      judge: opts.judge,
      judgeModel: opts.judgeModel,
    });
    built.push({
      name: scorer.name,
      score: scorer.score,
      kind,
      direction: factory.direction,
      callsModel: factory.callsModel ?? false,
      judgeModel: scorer.judgeModel,
    });
  });
  return built;
}
