/**
 * Evolution quality benchmark (issue 16); prints ONE JSON line. Every algorithm (and random search) evolves three
 * simulated tasks with different hidden rules (bench/support/evolve-quality-tasks.ts), 3 seeds, population 8, a
 * budget of 1,000 calls (task + optimizer) for the search plus the held-out report's reserve.
 * Per algorithm and task: the winner's held-out score as a fraction of the best reachable (the best of an oracle
 * prompt written with the hidden rules and every run's winner, on that seed's held-out split), the same fraction
 * of the best selection score reached within 500 calls (the run's curve), and the calls to reach 90% of the best
 * reachable selection score (null: never). Figures are medians over the seeds.
 * Run: npx node bench/evolve-quality.ts [--quick] [--algorithms ga,random] [--seeds 1,2,3] [--budget 1000] [--verbose]
 */
import { BUILTIN_SETTINGS, type EvolveSettings } from '../core/evolve/settings.ts';
import { splitDataset } from '../core/evolve/split.ts';
import { casePlan } from '../core/evolve/tally.ts';
import type { CheckpointStore } from '../core/ports/checkpoint-store.ts';
import { promptContentHash } from '../core/prompt/hash.ts';
import type { DatasetRow, PromptFile } from '../core/prompt/types.ts';
import { loadMetaPrompts } from '../evaluator/evolve/meta-prompts.ts';
import { runEvolve } from '../evaluator/evolve/run-evolve.ts';
import { prepareEvaluation } from '../evaluator/run/evaluate-prompt.ts';
import { runEvaluation } from '../evaluator/run-evaluation.ts';
import { type QualityTask, qualityTasks } from './support/evolve-quality-tasks.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const quick = args.includes('--quick');
/** Per run on stderr: paid calls, stop reason, curve and winner (the JSON line on stdout stays the only output there). */
const verbose = args.includes('--verbose');
const ALGOS = (flag('--algorithms') ?? 'nsga2,ga,map-elites,cma-es,random').split(',');
const SEEDS = quick ? [1] : (flag('--seeds') ?? '1,2,3').split(',').map(Number);
const BUDGET = Number(flag('--budget') ?? 1000);
const HELD_OUT = 0.3;

const noCheckpoints: CheckpointStore = {
  save: async () => {},
  latest: async () => undefined,
  recordLineage: async () => {},
};
const env = { baseDir: process.cwd(), env: {} };

/** Mean exact-match score of an instruction on some rows of the task. */
async function scoreOf(task: QualityTask, instruction: string, indexes: readonly number[]): Promise<number> {
  const data: PromptFile = {
    ...task.prompt,
    messages: task.prompt.messages.map((m) => (m.role === 'system' ? { ...m, content: instruction } : m)),
  };
  const source = { file: `${task.name}.prompt.yml`, name: task.name, data, text: '' };
  const plan = casePlan(task.rows, indexes);
  const prepared = await prepareEvaluation(source, task.rows, plan, env, {});
  const r = await runEvaluation({
    runId: `oracle-${task.name}`,
    prompt: { file: source.file, data, hash: promptContentHash(data) },
    plan,
    caller: prepared.caller,
    model: prepared.model,
    scorers: prepared.scorers,
    concurrency: 32,
  });
  return r.records.reduce((s, x) => s + (x.metrics.exact ?? 0), 0) / Math.max(1, r.records.length);
}

type RunFigures = { heldOut: number; curve: { calls: number; best: number }[]; paid: number };

async function evolveOnce(task: QualityTask, algorithm: string, seed: number): Promise<RunFigures> {
  const split = splitDataset(task.rows.length, HELD_OUT, seed);
  const settings: EvolveSettings = {
    ...BUILTIN_SETTINGS,
    algorithm: algorithm as EvolveSettings['algorithm'],
    population: 8,
    generations: 200,
    seed,
    objectives: [{ metric: 'exact', goal: 'maximize' }],
    optimizerModel: task.prompt.model,
    heldOut: HELD_OUT,
    budget: { maxEvaluations: BUDGET + 2 * split.heldOut.length },
  };
  const curve: { calls: number; best: number }[] = [];
  const outcome = await runEvolve({
    runId: `bench-${task.name}-${algorithm}-${seed}`,
    source: { file: `${task.name}.prompt.yml`, name: task.name, data: task.prompt, text: '' },
    rows: task.rows as DatasetRow[],
    settings,
    env,
    checkpoints: noCheckpoints,
    templates: await loadMetaPrompts('/nonexistent'),
    concurrency: 32,
    baseCommit: null,
    onEvent: (e) => {
      if (e.type === 'generation-finished' && e.best.exact !== undefined)
        curve.push({ calls: e.paidCalls, best: e.best.exact });
    },
  });
  if (verbose)
    process.stderr.write(
      `${task.name} ${algorithm} ${seed}: paid ${outcome.state.counters.paidCalls} stopped ${outcome.state.stopped} gens ${outcome.state.history.length} curve ${JSON.stringify(curve)}\n  winner ${outcome.winner.operator} ${JSON.stringify(outcome.winnerPrompt.messages[0]?.content)}\n`,
    );
  return {
    heldOut: outcome.heldOut.winner.exact?.mean ?? 0,
    curve,
    paid: outcome.state.counters.paidCalls,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number);
};
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function bestWithin(curve: RunFigures['curve'], calls: number): number {
  let best = 0;
  for (const p of curve) if (p.calls <= calls) best = Math.max(best, p.best);
  return best;
}

function callsTo(curve: RunFigures['curve'], level: number): number | null {
  return curve.find((p) => p.best >= level)?.calls ?? null;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const tasks = qualityTasks();
  const out: Record<string, Record<string, unknown>> = {};
  for (const task of tasks) {
    const runs = new Map<string, RunFigures>();
    const refs = new Map<number, { heldOut: number; selection: number }>();
    for (const seed of SEEDS) {
      const split = splitDataset(task.rows.length, HELD_OUT, seed);
      refs.set(seed, {
        heldOut: await scoreOf(task, task.oracle, split.heldOut),
        selection: await scoreOf(task, task.oracle, split.selection),
      });
      for (const a of ALGOS) runs.set(`${a}/${seed}`, await evolveOnce(task, a, seed));
    }
    // The best reachable: the oracle or any run's winner, per seed.
    for (const seed of SEEDS) {
      const ref = refs.get(seed) as { heldOut: number; selection: number };
      for (const a of ALGOS) {
        const r = runs.get(`${a}/${seed}`) as RunFigures;
        ref.heldOut = Math.max(ref.heldOut, r.heldOut);
        ref.selection = Math.max(ref.selection, bestWithin(r.curve, Number.POSITIVE_INFINITY));
      }
    }
    const perAlgo: Record<string, unknown> = {};
    for (const a of ALGOS) {
      const final: number[] = [];
      const at500: number[] = [];
      const to90: (number | null)[] = [];
      for (const seed of SEEDS) {
        const r = runs.get(`${a}/${seed}`) as RunFigures;
        const ref = refs.get(seed) as { heldOut: number; selection: number };
        final.push(r3(ref.heldOut > 0 ? r.heldOut / ref.heldOut : 0));
        at500.push(r3(ref.selection > 0 ? bestWithin(r.curve, 500) / ref.selection : 0));
        to90.push(callsTo(r.curve, 0.9 * ref.selection));
      }
      perAlgo[a] = {
        final,
        finalMedian: median(final),
        at500Median: median(at500),
        callsTo90: to90,
        // A seed that never got there counts as infinitely many calls.
        callsTo90Median: finiteOrNull(median(to90.map((x) => x ?? Number.POSITIVE_INFINITY))),
      };
    }
    out[task.name] = {
      bestReachable: SEEDS.map((s) => r3((refs.get(s) as { heldOut: number }).heldOut)),
      ...perAlgo,
    };
  }
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  process.stdout.write(
    `${JSON.stringify({ bench: 'evolve-quality', budget: BUDGET, seeds: SEEDS.length, population: 8, seconds, tasks: out })}\n`,
  );
}

await main();
