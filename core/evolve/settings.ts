/**
 * The settings of an evolution run, resolved in order: command-line flags, the prompt's `evolution:` block,
 * `evohub.yaml`'s `evolution:`, then the built-in defaults below. Pure: the CLI passes what it read.
 */
import { ConfigError, UsageError } from '../errors.ts';
import { BUILTIN_MEASURES } from '../evaluation/metrics.ts';
import { CROSSOVER_KINDS, MUTATION_KINDS } from '../evolution/prompt/llm-operators/index.ts';
import type { EvolutionSettings, Objective, PromptFile } from '../prompt/types.ts';
import { ALGORITHMS, type AlgorithmName } from './algorithm-plans.ts';

/** `min` / `max` (from the prompt's `objectives`) make it a constraint too: a candidate outside is infeasible. */
export type EvolveObjective = { metric: string; goal: 'maximize' | 'minimize'; min?: number; max?: number };

export type EvolveSettings = {
  algorithm: AlgorithmName;
  population: number;
  generations: number;
  seed: number;
  objectives: EvolveObjective[];
  /** Model reference of the optimizer; default: the prompt's own model. */
  optimizerModel: string | undefined;
  operators: string[];
  /** Message roles the operators may edit. */
  mutable: string[];
  /** Fraction of the dataset kept out of selection; the winner is reported on it. */
  heldOut: number;
  budget: { maxEvaluations?: number; maxUsd?: number };
  racing: { enabled: boolean; minCases: number; eta: number };
  surrogate: { enabled: boolean; k: number; fraction: number };
  maxFewShot: number;
  /** Stop after this many generations in a row that do not move the front; 0 never stops early. */
  patience?: number;
};

/** Operator names accepted in `evolution.operators`: the mutation kinds and the crossover kinds. */
export const OPERATOR_NAMES: readonly string[] = [...MUTATION_KINDS, 'crossover', ...CROSSOVER_KINDS];

export const BUILTIN_SETTINGS: EvolveSettings = {
  algorithm: 'nsga2',
  population: 8,
  generations: 5,
  seed: 0,
  objectives: [],
  optimizerModel: undefined,
  operators: ['rewrite', 'reflect', 'opro', 'crossover', 'few-shot', 'merge', 'bootstrap'],
  mutable: ['system'],
  heldOut: 0.3,
  budget: { maxEvaluations: 5000 },
  racing: { enabled: true, minCases: 4, eta: 3 },
  surrogate: { enabled: false, k: 5, fraction: 0.25 },
  maxFewShot: 4,
  patience: 0,
};

/** What the command line can override. */
export type EvolveFlags = {
  algorithm?: string;
  population?: number;
  generations?: number;
  objectives?: string[];
  budgetEvals?: number;
  budgetUsd?: number;
  seed?: number;
  optimizer?: string;
  heldOut?: number;
  racing?: boolean;
  surrogate?: boolean;
  patience?: number;
};

const BUILTIN_GOALS: Record<string, 'minimize'> = {
  cost: 'minimize',
  latency: 'minimize',
  tokens: 'minimize',
};

function pickObjectives(
  names: readonly string[] | undefined,
  declared: readonly Objective[] | undefined,
  evaluatorNames: readonly string[],
): EvolveObjective[] {
  const known = [...evaluatorNames, ...BUILTIN_MEASURES.map((m) => m.name)];
  const goalOf = (metric: string): 'maximize' | 'minimize' =>
    declared?.find((o) => o.metric === metric)?.goal ?? BUILTIN_GOALS[metric] ?? 'maximize';
  const list =
    names ?? (declared && declared.length > 0 ? declared.map((o) => o.metric) : evaluatorNames.slice(0, 1));
  if (list.length === 0) {
    throw new ConfigError('nothing to optimise: the prompt has no evaluators and no objectives', {
      hint: 'add an evaluator (e.g. string.equals) or pass --objectives',
    });
  }
  for (const m of list) {
    if (!known.includes(m)) {
      throw new UsageError(`unknown objective "${m}"`, { hint: `known metrics: ${known.join(', ')}` });
    }
  }
  return list.map((metric) => {
    const d = declared?.find((o) => o.metric === metric);
    const o: EvolveObjective = { metric, goal: goalOf(metric) };
    if (d?.min !== undefined) o.min = d.min;
    if (d?.max !== undefined) o.max = d.max;
    return o;
  });
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/**
 * Flags, then the prompt's `evolution`, then `evohub.yaml`'s `evolution`, then the built-ins; the budget also
 * falls back to `evohub.yaml`'s top-level `budget` before the built-in one.
 */
export function resolveEvolveSettings(
  flags: EvolveFlags,
  prompt: PromptFile,
  config: EvolutionSettings | undefined,
  file: string,
  repoBudget: { maxEvaluations?: number; maxUsd?: number } = {},
): EvolveSettings {
  const p: EvolutionSettings = prompt.evolution ?? {};
  const c: EvolutionSettings = config ?? {};
  const b = BUILTIN_SETTINGS;
  const algorithm = flags.algorithm ?? p.algorithm ?? c.algorithm ?? b.algorithm;
  if (!(ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new UsageError(`unknown algorithm "${algorithm}"`, {
      hint: `known algorithms: ${ALGORITHMS.join(', ')}`,
    });
  }
  const operators = (p.operators ?? c.operators ?? b.operators).slice();
  for (const op of operators) {
    if (!OPERATOR_NAMES.includes(op)) {
      throw new ConfigError(`unknown operator "${op}"`, {
        location: { file, field: '/evolution/operators' },
        hint: `known operators: ${OPERATOR_NAMES.join(', ')}`,
      });
    }
  }
  const evaluatorNames = (prompt.evaluators ?? []).map((e) => e.name);
  const budgetP = obj(p.budget);
  const budgetC = obj(c.budget);
  const racingP = { ...obj(c.racing), ...obj(p.racing) };
  const surrogateP = { ...obj(c.surrogate), ...obj(p.surrogate) };
  const heldOut = flags.heldOut ?? num(p.heldOut) ?? num(c.heldOut) ?? b.heldOut;
  if (!(heldOut >= 0 && heldOut < 1)) {
    throw new UsageError(`held-out fraction must be in [0, 1), got ${heldOut}`);
  }
  const settings: EvolveSettings = {
    algorithm: algorithm as AlgorithmName,
    population: flags.population ?? num(p.population) ?? num(c.population) ?? b.population,
    generations: flags.generations ?? num(p.generations) ?? num(c.generations) ?? b.generations,
    seed: flags.seed ?? num(p.seed) ?? num(c.seed) ?? b.seed,
    objectives: pickObjectives(flags.objectives, prompt.objectives, evaluatorNames),
    optimizerModel: flags.optimizer ?? p.optimizerModel ?? c.optimizerModel ?? prompt.model,
    operators,
    mutable: (p.mutable ?? c.mutable ?? b.mutable).filter((m) => !['modelParameters', 'fewShot'].includes(m)),
    heldOut,
    budget: {
      maxEvaluations:
        flags.budgetEvals ??
        num(budgetP.maxEvaluations) ??
        num(budgetC.maxEvaluations) ??
        num(repoBudget.maxEvaluations) ??
        b.budget.maxEvaluations,
      maxUsd:
        flags.budgetUsd ??
        num(budgetP.maxUsd) ??
        num(budgetC.maxUsd) ??
        num(repoBudget.maxUsd) ??
        b.budget.maxUsd,
    },
    racing: {
      enabled: flags.racing ?? (typeof racingP.enabled === 'boolean' ? racingP.enabled : b.racing.enabled),
      minCases: num(racingP.minCases) ?? b.racing.minCases,
      eta: num(racingP.eta) ?? b.racing.eta,
    },
    surrogate: {
      enabled:
        flags.surrogate ??
        (typeof surrogateP.enabled === 'boolean' ? surrogateP.enabled : b.surrogate.enabled),
      k: num(surrogateP.k) ?? b.surrogate.k,
      fraction: num(surrogateP.fraction) ?? b.surrogate.fraction,
    },
    maxFewShot: num(p.maxFewShot) ?? num(c.maxFewShot) ?? b.maxFewShot,
    patience: flags.patience ?? num(p.patience) ?? num(c.patience) ?? b.patience,
  };
  if (settings.mutable.length === 0) settings.mutable = b.mutable;
  for (const [name, v, min] of [
    ['population', settings.population, 2],
    ['generations', settings.generations, 1],
    ['patience', settings.patience ?? 0, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new UsageError(`${name} must be an integer ≥ ${min}, got ${v}`);
  }
  if (!(settings.racing.eta > 1))
    throw new ConfigError('evolution.racing.eta must be > 1', { location: { file } });
  return settings;
}
