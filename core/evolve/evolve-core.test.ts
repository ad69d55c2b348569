import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, UsageError } from '../errors.ts';
import { createEngine } from '../evolution/engine.ts';
import { llmOperatorRegistries } from '../evolution/prompt/llm-operators/index.ts';
import type { PromptFile } from '../prompt/types.ts';
import { engineConfigFor } from './engine-config.ts';
import { exampleLine, promptFromGenome, seedGenome } from './genome-prompt.ts';
import { type LineageRecord, originals, walkAncestry } from './lineage.ts';
import {
  chooseWinner,
  constraintViolation,
  holdsUp,
  objectiveVector,
  paretoFront,
  referencePoint,
} from './objectives.ts';
import { promote, promoteCount, racingRungs } from './racing.ts';
import { resolveEvolveSettings } from './settings.ts';
import { splitDataset } from './split.ts';
import { knnPredict, screen } from './surrogate.ts';
import { decodeVector, seedVector, textUnits } from './text-vector.ts';

const PROMPT: PromptFile = {
  name: 'triage',
  model: 'simulated/ticket-triage',
  modelParameters: { temperature: 0.2 },
  messages: [
    { role: 'system', content: 'Classify the ticket.' },
    { role: 'user', content: 'Ticket: {{ticket}}' },
  ],
  evaluators: [{ name: 'exact', string: { equals: '{{expected}}' } }],
  objectives: [
    { metric: 'exact', goal: 'maximize' },
    { metric: 'cost', goal: 'minimize' },
  ],
  evolution: { population: 6, heldOut: 0.25, operators: ['rewrite', 'de'] },
};

describe('held-out split', () => {
  test('is seeded, disjoint, complete and of the asked size', () => {
    const a = splitDataset(63, 0.2, 1);
    assert.deepEqual(a, splitDataset(63, 0.2, 1));
    assert.notDeepEqual(a.selection, splitDataset(63, 0.2, 2).selection);
    assert.equal(a.heldOut.length, 13);
    assert.equal(a.selection.length, 50);
    assert.deepEqual(
      [...a.heldOut, ...a.selection].sort((x, y) => x - y),
      Array.from({ length: 63 }, (_, i) => i),
    );
    assert.deepEqual(
      a.heldOut,
      [...a.heldOut].sort((x, y) => x - y),
    );
  });
  test('keeps one row on each side of a tiny dataset, none held out at 0', () => {
    assert.equal(splitDataset(2, 0.01, 0).heldOut.length, 1);
    assert.equal(splitDataset(2, 0.99, 0).selection.length, 1);
    assert.equal(splitDataset(10, 0, 0).heldOut.length, 0);
  });
});

describe('racing', () => {
  test('rungs grow by eta up to the whole selection set', () => {
    assert.deepEqual(racingRungs(50, { enabled: true, minCases: 8, eta: 2 }), [8, 16, 32, 50]);
    assert.deepEqual(racingRungs(50, { enabled: true, minCases: 5, eta: 3 }), [5, 15, 45, 50]);
    assert.deepEqual(racingRungs(50, { enabled: false, minCases: 8, eta: 2 }), [50]);
    assert.deepEqual(racingRungs(6, { enabled: true, minCases: 8, eta: 2 }), [6]);
  });
  test('promotes the best (ties by id) and always the pinned baseline', () => {
    assert.equal(promoteCount(8, 2), 4);
    assert.equal(promoteCount(1, 2), 1);
    const entries = [
      { id: 0, score: 0.1, pinned: true },
      { id: 1, score: 0.9 },
      { id: 2, score: 0.5 },
      { id: 3, score: 0.9 },
    ];
    assert.deepEqual(promote(entries, 2), [0, 1, 3]);
    assert.deepEqual(promote(entries.slice(1), 2), [1, 3]);
    assert.deepEqual(promote(entries.slice(1), 1), [1]);
    // A tie goes to the entrant whose parents scored better (then the lower id).
    const tied = [
      { id: 1, score: 0.9, prior: 0.4 },
      { id: 3, score: 0.9, prior: 0.7 },
    ];
    assert.deepEqual(promote(tied, 1), [3]);
  });
});

describe('surrogate', () => {
  const d = (a: number, b: number) => Math.abs(a - b);
  test('k-NN predicts from the nearest scored genomes', () => {
    const scored = [
      { genome: 0, score: 0 },
      { genome: 1, score: 1 },
      { genome: 10, score: 10 },
    ];
    assert.ok(Math.abs((knnPredict(0.9, scored, d, 1) as number) - 1) < 1e-9);
    const two = knnPredict(0.5, scored, d, 2) as number;
    assert.ok(two > 0.4 && two < 0.6);
    assert.equal(knnPredict(0, [], d, 3), undefined);
  });
  test('screens the predicted worst, never pinned ones, never all', () => {
    const p = [
      { id: 1, predicted: 0.1 },
      { id: 2, predicted: 0.9 },
      { id: 3, predicted: 0.05, pinned: true },
      { id: 4, predicted: 0.2 },
    ];
    assert.deepEqual(screen(p, 0.5), [1, 4]);
    assert.deepEqual(screen([{ id: 1, predicted: 0 }], 1), []);
    assert.deepEqual(
      screen(
        [
          { id: 1, predicted: undefined },
          { id: 2, predicted: 1 },
        ],
        0.5,
      ),
      [2],
    );
  });
});

describe('objectives and winner', () => {
  const objectives = [
    { metric: 'exact', goal: 'maximize' as const },
    { metric: 'cost', goal: 'minimize' as const },
  ];
  test('maximised metrics are negated; the reference point is score 0 and twice the baseline cost', () => {
    assert.deepEqual(objectiveVector({ exact: 0.7, cost: 0.002 }, objectives), [-0.7, 0.002]);
    assert.deepEqual(referencePoint([-0.3, 0.004], objectives), [0, 0.008]);
  });
  test('a winner holds up unless it is worse than the baseline on the held-out cases', () => {
    assert.equal(holdsUp(0.1, 'maximize'), true);
    assert.equal(holdsUp(0, 'maximize'), true);
    assert.equal(holdsUp(-0.05, 'maximize'), false);
    assert.equal(holdsUp(0.05, 'minimize'), false);
    assert.equal(holdsUp(Number.NaN, 'maximize'), true);
  });
  test('min / max bounds of objectives are constraints, relative to the bound', () => {
    const bounded = [
      { metric: 'exact', goal: 'maximize' as const, min: 0.5 },
      { metric: 'cost', goal: 'minimize' as const, max: 0.01 },
    ];
    assert.equal(constraintViolation({ exact: 0.6, cost: 0.01 }, bounded), 0);
    assert.ok(Math.abs(constraintViolation({ exact: 0.25, cost: 0.02 }, bounded) - 1.5) < 1e-12);
    assert.equal(constraintViolation({ exact: Number.NaN }, bounded), 0);
  });
  test('the winner is the best fully evaluated feasible candidate of the front', () => {
    const e = (id: number, o: number[], full = true, cv = 0) => ({
      id,
      objectives: o,
      full,
      constraintViolation: cv,
    });
    assert.equal(
      chooseWinner([
        e(0, [-0.3, 1]),
        e(1, [-0.9, 2], false),
        e(2, [-0.8, 3]),
        e(3, [-0.8, 2]),
        e(4, [-0.95, 1], true, 1),
      ]),
      3,
    );
    assert.equal(chooseWinner([e(1, [-0.9, 2], false)]), undefined);
    assert.deepEqual(
      paretoFront([e(0, [-0.3, 1]), e(1, [-0.8, 2]), e(2, [-0.2, 3])]).map((x) => x.id),
      [0, 1],
    );
  });
});

describe('settings', () => {
  test('flags beat the prompt, the prompt beats evohub.yaml, which beats the built-ins', () => {
    const s = resolveEvolveSettings(
      { generations: 9 },
      PROMPT,
      { generations: 3, population: 20, seed: 4 },
      'p.yml',
    );
    assert.equal(s.generations, 9);
    assert.equal(s.population, 6);
    assert.equal(s.seed, 4);
    assert.equal(s.algorithm, 'nsga2');
    assert.equal(s.heldOut, 0.25);
    assert.equal(s.optimizerModel, 'simulated/ticket-triage');
    assert.deepEqual(s.objectives, [
      { metric: 'exact', goal: 'maximize' },
      { metric: 'cost', goal: 'minimize' },
    ]);
    const budget = resolveEvolveSettings({}, { ...PROMPT, evolution: {} }, undefined, 'p.yml', {
      maxEvaluations: 7,
      maxUsd: 2,
    });
    assert.deepEqual(budget.budget, { maxEvaluations: 7, maxUsd: 2 });
    assert.deepEqual(
      resolveEvolveSettings({ budgetEvals: 9 }, PROMPT, { budget: { maxEvaluations: 8 } }, 'p.yml', {
        maxEvaluations: 7,
      }).budget.maxEvaluations,
      9,
    );
    assert.deepEqual(
      resolveEvolveSettings({}, PROMPT, { budget: { maxEvaluations: 8 } }, 'p.yml', { maxEvaluations: 7 })
        .budget.maxEvaluations,
      8,
    );
    assert.deepEqual(
      resolveEvolveSettings(
        {},
        { ...PROMPT, objectives: [{ metric: 'exact', goal: 'maximize', min: 0.4 }] },
        undefined,
        'p.yml',
      ).objectives,
      [{ metric: 'exact', goal: 'maximize', min: 0.4 }],
    );
    assert.deepEqual(
      resolveEvolveSettings({ objectives: ['latency'] }, PROMPT, undefined, 'p.yml').objectives,
      [{ metric: 'latency', goal: 'minimize' }],
    );
  });
  test('unknown algorithm, operator or objective is an error listing the known ones', () => {
    assert.throws(
      () => resolveEvolveSettings({ algorithm: 'moead' }, PROMPT, undefined, 'p.yml'),
      (e: unknown) => e instanceof UsageError && /nsga2/.test(String(e.hint ?? '')),
    );
    assert.throws(
      () => resolveEvolveSettings({}, { ...PROMPT, evolution: { operators: ['magic'] } }, undefined, 'p.yml'),
      (e: unknown) => e instanceof ConfigError && /rewrite/.test(String(e.hint ?? '')),
    );
    assert.throws(
      () => resolveEvolveSettings({ objectives: ['nope'] }, PROMPT, undefined, 'p.yml'),
      UsageError,
    );
  });
});

describe('genomes and prompts', () => {
  test('the seed genome maps back to the same prompt; few-shot rows become example lines', () => {
    const g = seedGenome(PROMPT);
    assert.deepEqual(promptFromGenome(PROMPT, g, [], ['system']), PROMPT);
    const line = exampleLine(PROMPT, { ticket: 'I was charged twice', expected: 'billing' }, 'p.yml');
    assert.equal(line, 'Ticket: I was charged twice -> billing');
    const p = promptFromGenome(PROMPT, { ...g, fewShot: [0] }, [line], ['system']);
    assert.match(p.messages[0]?.content ?? '', /Examples:\nTicket: I was charged twice -> billing$/);
    assert.equal(p.messages[1]?.content, 'Ticket: {{ticket}}');
  });
  test('engine configs build for every algorithm', () => {
    const s = resolveEvolveSettings({}, PROMPT, undefined, 'p.yml');
    for (const algorithm of ['nsga2', 'ga', 'map-elites', 'cma-es', 'random'] as const) {
      const engine = createEngine(
        engineConfigFor({ ...s, algorithm }, seedGenome(PROMPT), 20),
        llmOperatorRegistries(),
      );
      assert.ok(engine.ask().length > 0, algorithm);
    }
  });
  test('CMA-ES changes the text: its seed vector is the original; weights keep sentences and add phrases', () => {
    const seed = seedGenome(PROMPT);
    const units = textUnits(seed, ['system'], { selection: 20, maxFewShot: 2 });
    const v = seedVector(seed, units);
    assert.deepEqual(decodeVector(v, seed, units).messages, seed.messages);
    const k = 2 + units.sentences.length;
    const changed = v.map((x, i) => (i === 2 ? -0.5 : i === k ? 0.5 : x));
    const text = decodeVector(changed, seed, units).messages[0]?.content ?? '';
    assert.ok(!text.includes(units.sentences[0] as string) || units.sentences.length === 1, text);
    assert.ok(text.includes(units.phrases[0] as string), text);
    const d = 2 + units.sentences.length + units.phrases.length;
    const shots = v.map((x, i) => (i === d + 3 ? 0.9 : i === d + 5 ? 0.4 : i === d + 7 ? 0.2 : x));
    assert.deepEqual(
      decodeVector(shots, seed, units).fewShot,
      [3, 5],
      'highest weights first, at most maxFewShot',
    );
    assert.throws(
      () => textUnits(seed, ['assistant'], { selection: 20, maxFewShot: 2 }, 'p.yml'),
      (e: Error) => /cma-es cannot change the text of p\.yml/.test(e.message),
    );
  });
});

describe('lineage walk', () => {
  const rec = (hash: string, parents: string[], operator = 'rewrite'): LineageRecord => ({
    hash,
    name: 'p',
    runId: 'r',
    candidateId: 0,
    generation: 0,
    operator,
    parents,
    fitness: {},
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  test('visits each ancestor once at its smallest depth and reaches the original', async () => {
    const all = new Map(
      [rec('d', ['b', 'c']), rec('b', ['a']), rec('c', ['a', 'b']), rec('a', [], 'original')].map((r) => [
        r.hash,
        r,
      ]),
    );
    const calls: string[][] = [];
    const anc = await walkAncestry('d', async (hs) => {
      calls.push(hs);
      return new Map(hs.flatMap((h) => (all.has(h) ? [[h, all.get(h) as LineageRecord]] : [])));
    });
    assert.deepEqual(
      anc.map((a) => [a.hash, a.depth]),
      [
        ['d', 0],
        ['b', 1],
        ['c', 1],
        ['a', 2],
      ],
    );
    assert.deepEqual(
      originals(anc).map((a) => a.hash),
      ['a'],
    );
    assert.equal(calls.length, 3);
  });
});

describe('algorithm plans', () => {
  test('one entry per engine algorithm, each naming an algorithm the engine registry knows', async () => {
    const { algorithms } = await import('../evolution/algorithms/index.ts');
    const { ALGORITHMS, algorithmPlan } = await import('./algorithm-plans.ts');
    assert.deepEqual([...ALGORITHMS].sort(), algorithms.names());
    for (const name of ALGORITHMS) {
      const s = { population: 4, maxFewShot: 2, mutable: ['system'] };
      assert.ok(algorithms.has(algorithmPlan(name).engine(s, true).name), name);
    }
  });
});
