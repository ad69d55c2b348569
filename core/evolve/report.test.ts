import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HeldOutMetric } from './held-out.ts';
import type { CandidateRecord, LoopState } from './loop-state.ts';
import { type EvolveOutcome, evolveReport, evolveRunSummary, winnerCommit } from './report.ts';

const m = (mean: number, n = 4): HeldOutMetric =>
  ({ mean, ci: { low: mean - 0.1, high: mean + 0.1 }, n }) as HeldOutMetric;
const cand = (id: number, hash: string): CandidateRecord => ({
  id,
  hash,
  generation: 2,
  operator: 'reflect',
  parents: ['p'],
  values: { acc: 0.7, cost: 1 },
  cases: 10,
  full: true,
  objectives: [-0.7, 1],
  constraintViolation: 0,
  scoredBy: 'evaluation',
  genome: { messages: [], fewShot: [], parameters: {} },
});

function outcome(accepted: boolean): EvolveOutcome {
  return {
    state: {
      runId: 'r-1',
      settings: {
        algorithm: 'nsga2',
        seed: 1,
        objectives: [
          { metric: 'acc', goal: 'maximize' },
          { metric: 'cost', goal: 'minimize' },
        ],
      },
      split: { selection: [1, 2], heldOut: [3] },
      counters: {
        evaluations: 9,
        paidCalls: 5,
        cacheHits: 1,
        savedByRacing: 2,
        savedBySurrogate: 0,
        optimizerCalls: 3,
        optimizerCacheHits: 1,
        costUsd: 0.0123456789,
        duplicatesSkipped: 4,
        nearDuplicatesSkipped: 2,
        savedByNearDuplicates: 6,
        interruptedCalls: 2,
      },
      history: [{ generation: 0, hypervolume: 1, best: {} }],
      curve: [
        { calls: 2, best: 0.5 },
        { calls: 4, best: 0.7 },
      ],
    } as unknown as LoopState,
    baseline: cand(-1, 'base'),
    winner: cand(7, 'win'),
    winnerPrompt: { messages: [{ role: 'system', content: 'better' }] },
    front: [cand(7, 'win')],
    heldOut: {
      baseline: { acc: m(0.25), cost: m(2) },
      winner: { acc: m(0.75), cost: m(Number.NaN) },
      difference: { metric: 'acc', ...m(0.5) },
      cases: 4,
      onSelection: false,
    } as unknown as EvolveOutcome['heldOut'],
    accepted,
    provider: 'simulated/x',
    simulated: true,
  };
}

describe('evolve report (pure)', () => {
  test('one report: counters, non-finite stats as null, the commit; the stored summary reads it', () => {
    const r = evolveReport(outcome(true), {
      file: 'prompts/t.prompt.yml',
      name: 't',
      committed: { branch: 'evohub/t/r-1', commit: 'c0ffee', version: 3 },
      resumed: false,
    });
    assert.deepEqual(r.evaluations, {
      run: 9,
      paidCalls: 5,
      cacheHits: 1,
      savedByRacing: 2,
      savedBySurrogate: 0,
      // cache hits + racing + near-duplicates
      saved: 9,
      optimizerCalls: 3,
      optimizerCacheHits: 1,
      duplicatesSkipped: 4,
      nearDuplicatesSkipped: 2,
      savedByNearDuplicates: 6,
      interrupted: 2,
    });
    // Calls-to-target every 10 calls (the smallest step), the last point at the run's paid calls.
    assert.deepEqual(r.curve, { metric: 'acc', every: 10, points: [{ calls: 5, best: 0.7 }] });
    assert.equal(r.costUsd, 0.012346);
    assert.deepEqual(r.winner.heldOut.cost, { mean: null, ci: [null, null], n: 4 });
    assert.deepEqual([r.branch, r.version, r.front[0]?.winner], ['evohub/t/r-1', 3, true]);
    const summary = evolveRunSummary(r) as { evaluations: number; metrics: { name: string; kind: string }[] };
    assert.equal(summary.evaluations, 9);
    assert.deepEqual(
      summary.metrics.map((x) => [x.name, x.kind]),
      [
        ['acc', 'objective'],
        ['cost', 'builtin'],
      ],
    );
  });

  test('the winner commit as data: bumped version, lineage, branch and message; none when not accepted', () => {
    const seen: unknown[] = [];
    const c = winnerCommit(outcome(true), { path: 'prompts/t.prompt.yml', name: 't', version: 2 }, (f) => {
      seen.push(f);
      return 'TEXT';
    });
    assert.deepEqual(c, {
      branch: 'evohub/t/r-1',
      path: 'prompts/t.prompt.yml',
      content: 'TEXT',
      message:
        'evohub: evolve t to version 3\n\nRun r-1, generation 2, operator reflect.\nHeld-out acc: 0.250 -> 0.750 (4 cases).\n',
      version: 3,
    });
    assert.deepEqual(seen, [
      {
        messages: [{ role: 'system', content: 'better' }],
        modelParameters: undefined,
        version: 3,
        lineage: {
          parents: ['base'],
          runId: 'r-1',
          generation: 2,
          operator: 'reflect',
          fitness: { acc: 0.75 },
        },
      },
    ]);
    assert.equal(
      winnerCommit(outcome(false), { path: 'p', name: 't', version: 2 }, () => 'x'),
      null,
    );
  });
});
