import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import {
  baselineCandidate,
  countProposals,
  engineEvaluation,
  generationProgress,
  meanValues,
  primaryScore,
  raceStep,
  unevaluatedBaseline,
  winnerAndFront,
} from './generation-plan.ts';
import { type CandidateRecord, emptyCounters, type LoopState, type ScoredVersion } from './loop-state.ts';
import type { EvolveObjective } from './settings.ts';

const OBJ: EvolveObjective[] = [
  { metric: 'acc', goal: 'maximize' },
  { metric: 'cost', goal: 'minimize' },
];
const GENOME: PromptGenome = { messages: [{ role: 'system', content: 'x' }], fewShot: [], parameters: {} };
const scored = (acc: number, cost: number, n: number, errors = 0): ScoredVersion => ({
  text: 't',
  sums: { acc: acc * n, cost: cost * n },
  n,
  errors,
  failures: [],
});
const cand = (id: number, hash: string, acc: number, cost: number, full = true): CandidateRecord => ({
  id,
  hash,
  generation: 0,
  operator: 'rewrite',
  parents: [],
  values: { acc, cost },
  cases: 10,
  full,
  objectives: [-acc, cost],
  constraintViolation: 0,
  scoredBy: 'evaluation',
  genome: GENOME,
});

describe('generation plan (pure)', () => {
  test('scores: signed primary, means, -∞/NaN before any case', () => {
    assert.equal(primaryScore(scored(0.5, 1, 4), OBJ), 0.5);
    assert.equal(primaryScore(scored(0.5, 1, 4), [{ metric: 'cost', goal: 'minimize' }]), -1);
    assert.equal(primaryScore(scored(0, 0, 0), OBJ), Number.NEGATIVE_INFINITY);
    assert.deepEqual(meanValues(scored(0.25, 2, 4), OBJ), { acc: 0.25, cost: 2 });
    assert.ok(Number.isNaN(meanValues(scored(0, 0, 0), OBJ).acc as number));
  });

  test('more than half the cases erroring is a constraint violation of the baseline and of what the engine is told', () => {
    const b = baselineCandidate(scored(0.2, 1, 10, 6), 'h0', 2, GENOME, OBJ);
    assert.deepEqual(
      {
        id: b.id,
        operator: b.operator,
        full: b.full,
        cases: b.cases,
        cv: b.constraintViolation,
        o: b.objectives,
      },
      { id: -1, operator: 'seed', full: true, cases: 10, cv: 0.6, o: [-0.2, 1] },
    );
    assert.equal(baselineCandidate(scored(0.2, 1, 10, 5), 'h0', 2, GENOME, OBJ).constraintViolation, 0);
    assert.deepEqual(engineEvaluation(3, scored(0.2, 1, 10, 6), { acc: 0.2, cost: 1 }, OBJ, [1, 2]), {
      id: 3,
      objectives: [-0.2, 1],
      constraintViolation: 0.6,
      descriptors: [1, 2],
    });
    assert.equal(
      'descriptors' in engineEvaluation(3, scored(0.2, 1, 10), { acc: 0.2, cost: 1 }, OBJ, undefined),
      false,
    );
    const u = unevaluatedBaseline(undefined, 'h0', GENOME, OBJ);
    assert.deepEqual(
      { values: u.values, cases: u.cases, full: u.full },
      { values: {}, cases: 0, full: false },
    );
  });

  test('racing keeps the best third plus the pinned baseline and counts the cases the dropped versions skip', () => {
    const s: Record<string, ScoredVersion> = {
      base: scored(0.1, 1, 5),
      a: scored(0.9, 1, 5),
      b: scored(0.5, 1, 5),
      c: scored(0.3, 1, 5),
    };
    const alive = [
      { id: 0, hash: 'base' },
      { id: 1, hash: 'a' },
      { id: 2, hash: 'b' },
      { id: 3, hash: 'c' },
      { id: 4, hash: 'c' },
    ];
    const { keep, saved } = raceStep(alive, s, OBJ, { eta: 3, baselineHash: 'base', full: 20 });
    assert.deepEqual([...keep].sort(), [0, 1, 2]);
    assert.equal(saved, 15, 'one version (c) dropped, with 15 of its 20 cases left');
  });

  test('progress and winner: one point per version, the winner first among equals', () => {
    const candidates = [
      cand(1, 'x', 0.8, 2),
      cand(2, 'x', 0.8, 2),
      cand(3, 'y', 0.6, 1),
      cand(4, 'z', 0.5, 3, false),
    ];
    const state = {
      candidates,
      counters: { ...emptyCounters(), evaluations: 40, cacheHits: 3, savedByRacing: 5, paidCalls: 30 },
      referencePoint: [0, 4],
    } as unknown as LoopState;
    const p = generationProgress(state, OBJ, 1);
    assert.deepEqual(
      { best: p.best, frontSize: p.frontSize, saved: p.saved, evaluations: p.evaluations },
      { best: { acc: 0.8, cost: 1 }, frontSize: 2, saved: 8, evaluations: 40 },
    );
    assert.ok(p.hypervolume > 0);
    const baseline = cand(-1, 'b', 0.1, 1);
    const { winner, front } = winnerAndFront(candidates, baseline);
    assert.equal(winner.hash, 'x');
    assert.deepEqual(
      front.map((c) => c.hash),
      ['x', 'y'],
    );
    assert.equal(winnerAndFront([], baseline).winner, baseline);
  });

  test('proposals count as optimizer calls; only uncached ones are paid', () => {
    const c = emptyCounters();
    countProposals(c, [
      { cached: true, costUsd: 1 },
      { cached: false, costUsd: 0.5 },
    ]);
    assert.deepEqual(
      { calls: c.optimizerCalls, hits: c.optimizerCacheHits, paid: c.paidCalls, usd: c.costUsd },
      { calls: 2, hits: 1, paid: 1, usd: 0.5 },
    );
  });
});
