/** The flags of `evohub evolve`, and what of them the settings resolution takes. */
import { randomUUID } from 'node:crypto';
import type { EvolveFlags } from '../../core/evolve/settings.ts';
import { intFlag, numberFlag } from '../shared/flags.ts';
import type { CoordinatorFlags } from '../worker/coordinator.ts';

export type EvolveCommandFlags = CoordinatorFlags & {
  resultsUrl?: string;
  algorithm?: string;
  population?: string;
  generations?: string;
  objectives?: string;
  budgetEvals?: string;
  budgetUsd?: string;
  seed?: string;
  optimizer?: string;
  heldOut?: string;
  racing?: boolean;
  surrogate?: boolean;
  patience?: string;
  concurrency?: string;
  commit?: boolean;
  resume?: string;
  runId?: string;
  json?: boolean;
  jsonEvents?: boolean;
  maxErrorRate?: string;
};

export function newRunId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
}

export function parseFlags(f: EvolveCommandFlags): EvolveFlags {
  const heldOut = numberFlag(f.heldOut, '--held-out');
  return {
    algorithm: f.algorithm,
    population: intFlag(f.population, '--population', 2),
    generations: intFlag(f.generations, '--generations', 1),
    objectives: f.objectives
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    budgetEvals: intFlag(f.budgetEvals, '--budget-evals', 1),
    budgetUsd: numberFlag(f.budgetUsd, '--budget-usd'),
    seed: intFlag(f.seed, '--seed'),
    optimizer: f.optimizer,
    heldOut,
    racing: f.racing === false ? false : undefined,
    surrogate: f.surrogate ? true : undefined,
    patience: intFlag(f.patience, '--patience', 0),
  };
}
