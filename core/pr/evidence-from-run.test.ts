import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evidenceFromRun,
  pairedDifference,
  proposalRefusal,
  reproduceCommand,
  type StoredEvolveRun,
} from './evidence-from-run.ts';
import { renderProposalBody } from './proposal-body.ts';

const H = (c: string) => c.repeat(40);

function run(over: Partial<StoredEvolveRun['report']['winner']> = {}): StoredEvolveRun {
  return {
    report: {
      runId: 'r-1',
      prompt: { file: 'prompts/t.prompt.yml', name: 't' },
      provider: 'simulated/ticket-triage',
      simulated: true,
      algorithm: 'nsga2',
      seed: 3,
      resumed: false,
      status: 'completed',
      stoppedReason: null,
      generations: 4,
      objectives: [
        { metric: 'exact-label', goal: 'maximize' },
        { metric: 'cost', goal: 'minimize' },
      ],
      split: { selection: 10, heldOut: 4 },
      evaluations: {
        run: 90,
        paidCalls: 100,
        cacheHits: 5,
        savedByRacing: 0,
        savedBySurrogate: 0,
        saved: 5,
        optimizerCalls: 10,
        optimizerCacheHits: 0,
        duplicatesSkipped: 2,
        nearDuplicatesSkipped: 0,
        savedByNearDuplicates: 0,
        interrupted: 0,
      },
      costUsd: 0.01,
      baseline: {
        hash: H('a'),
        selection: {},
        heldOut: { 'exact-label': { mean: 0.25, ci: [-0.5, 1], n: 4 }, cost: { mean: 2, ci: [1, 3], n: 4 } },
      },
      winner: {
        candidateId: 7,
        hash: H('c'),
        generation: 2,
        operator: 'reflect',
        parents: [],
        selection: {},
        changed: true,
        accepted: true,
        heldOut: {
          'exact-label': { mean: 0.75, ci: [0, 1.5], n: 4 },
          cost: { mean: 1, ci: [0.5, 1.5], n: 4 },
        },
        ...over,
      },
      improvement: { metric: 'exact-label', mean: 0.5, ci: [-0.4, 1.4], n: 4 },
      front: [
        {
          candidateId: 7,
          generation: 2,
          operator: 'reflect',
          hash: H('c'),
          values: { 'exact-label': 0.8, cost: 1 },
          winner: true,
        },
        {
          candidateId: 3,
          generation: 1,
          operator: 'rewrite',
          hash: H('d'),
          values: { 'exact-label': 0.6, cost: 0.5 },
          winner: false,
        },
      ],
      history: [],
      curve: {
        metric: 'exact-label',
        every: 50,
        points: [
          { calls: 50, best: null },
          { calls: 100, best: 0.6 },
        ],
      },
      branch: 'evohub/t/r-1',
      commit: H('e'),
      version: 3,
    },
    settings: {
      algorithm: 'nsga2',
      population: 6,
      generations: 4,
      seed: 3,
      objectives: [
        { metric: 'exact-label', goal: 'maximize' },
        { metric: 'cost', goal: 'minimize' },
      ],
      heldOut: 0.3,
      budget: { maxEvaluations: 500, maxUsd: 2 },
      optimizerModel: 'simulated/ticket-triage',
      racing: { enabled: false, minCases: 8, eta: 2 },
      surrogate: { enabled: false, k: 5, fraction: 0.25 },
    },
    heldOutCases: {
      baseline: {
        'exact-label': [
          [0, 0],
          [1, 1],
          [2, 0],
          [3, 0],
        ],
        cost: [
          [0, 2],
          [1, 2],
          [2, 2],
          [3, 2],
        ],
      },
      winner: {
        'exact-label': [
          [3, 1],
          [0, 1],
          [1, 1],
          [2, 0],
        ],
        cost: [
          [0, 1],
          [1, 1],
          [2, 1],
          [3, 1],
        ],
      },
    },
    ancestry: [
      { hash: H('c'), generation: 2, operator: 'reflect', parents: [H('b')], runId: 'r-1' },
      { hash: H('b'), generation: 0, operator: 'rewrite', parents: [H('a')], runId: 'r-1' },
      { hash: H('a'), generation: 0, operator: 'original', parents: [H('z')], runId: 'r-0' },
      { hash: H('z'), generation: 1, operator: 'rewrite', parents: [], runId: 'r-0' },
    ],
  };
}

describe('evidenceFromRun', () => {
  it('pairs every objective by case and keeps the stored means', () => {
    const e = evidenceFromRun(run());
    const [label, cost] = e.objectives;
    assert.equal(label?.baseline.mean, 0.25);
    assert.equal(label?.winner.mean, 0.75);
    assert.equal(label?.difference.mean, 0.5);
    assert.equal(label?.difference.pairs, 4);
    assert.equal(cost?.direction, 'minimize');
    assert.equal(cost?.difference.mean, -1);
    // Constant difference: a zero-width interval, which the verdict calls significant.
    assert.deepEqual(cost?.difference.ci, { low: -1, high: -1 });
    assert.equal(e.prompt.fromVersion, 2);
    assert.equal(e.prompt.toVersion, 3);
    assert.deepEqual(e.spend, {
      evaluations: 100,
      cachedEvaluations: 5,
      costUsd: 0.01,
      budgetEvaluations: 500,
      budgetUsd: 2,
    });
    assert.deepEqual(
      e.pareto.points.map((p) => [p.candidateId, p.chosen ?? false]),
      [
        [H('c').slice(0, 12), true],
        [H('d').slice(0, 12), false],
      ],
    );
  });

  it('keeps the lineage of this run back to its baseline, not earlier runs', () => {
    const e = evidenceFromRun(run());
    assert.deepEqual(
      e.lineage.map((l) => [l.candidateId.slice(0, 1), l.operator]),
      [
        ['c', 'reflect'],
        ['b', 'rewrite'],
        ['a', 'seed (baseline)'],
      ],
    );
  });

  it('shows the calls-to-target curve of the run in the body', () => {
    const body = renderProposalBody(evidenceFromRun(run()));
    assert.match(body, /### Search progress/);
    assert.match(
      body,
      /Best exact-label on the selection cases after every 50 paid calls: 50: — · 100: 0\.6/,
    );
  });

  it('falls back to the stored paired improvement without per-case values', () => {
    const r = run();
    delete r.heldOutCases;
    const e = evidenceFromRun(r);
    assert.deepEqual(e.objectives[0]?.difference, { mean: 0.5, ci: { low: -0.4, high: 1.4 }, pairs: 4 });
    assert.equal(e.objectives[1]?.difference.pairs, 0);
    assert.match(renderProposalBody(e), /\| cost \| lower is better .*no significant difference/);
  });

  it('spells out the command that reproduces the run', () => {
    assert.equal(
      reproduceCommand(run()),
      'npx evohub evolve prompts/t.prompt.yml --seed 3 --algorithm nsga2 --population 6 --generations 4 ' +
        '--objectives exact-label,cost --held-out 0.3 --budget-evals 500 --budget-usd 2 ' +
        '--optimizer simulated/ticket-triage --no-racing',
    );
  });
});

describe('proposalRefusal', () => {
  it('refuses a winner that did not hold up on the held-out cases, or no change at all', () => {
    assert.equal(proposalRefusal(run().report), null);
    assert.match(proposalRefusal(run({ accepted: false }).report) ?? '', /did not hold up.*0\.250 → 0\.750/);
    assert.match(proposalRefusal(run({ changed: false }).report) ?? '', /no candidate better/);
    const r = run().report;
    assert.match(proposalRefusal({ ...r, branch: null }) ?? '', /--no-commit/);
  });
});

describe('pairedDifference', () => {
  it('pairs by case index and ignores cases only one side has', () => {
    const d = pairedDifference(
      [
        [0, 1],
        [1, 0],
        [5, 1],
      ],
      [
        [1, 1],
        [0, 1],
        [9, 0],
      ],
    );
    assert.equal(d.pairs, 2);
    assert.equal(d.mean, 0.5);
  });
  it("gives 0/1 scores Newcombe's paired interval: 8 of 8 flipped to pass is not [1, 1]; latency keeps t", () => {
    const cases = Array.from({ length: 8 }, (_, i) => i);
    const d = pairedDifference(
      cases.map((i) => [i, 0] as [number, number]),
      cases.map((i) => [i, 1] as [number, number]),
      'accuracy',
    );
    assert.equal(d.mean, 1);
    assert.equal(d.ci.high, 1);
    assert.ok(d.ci.low > 0.4 && d.ci.low < 0.8, JSON.stringify(d.ci));
    const lat = pairedDifference(
      cases.map((i) => [i, 0.5] as [number, number]),
      cases.map((i) => [i, 0.3 + i / 100] as [number, number]),
      'latency',
    );
    assert.ok(lat.ci.low < lat.mean && lat.ci.high > lat.mean && lat.ci.high < 0, JSON.stringify(lat.ci));
  });
});
