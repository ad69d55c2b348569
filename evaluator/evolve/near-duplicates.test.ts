import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import type { ScoredVersion } from '../../core/evolve/loop-state.ts';
import { nearDuplicatesOf } from './near-duplicates.ts';
import type { EvolveRun } from './run-types.ts';

const base =
  'Classify the support ticket into exactly one of billing, technical, account or other. Read the whole ticket ' +
  'before you answer, and reply with the label only, in lower case, with no punctuation and no explanation.';
const genome = (text: string, fewShot: number[] = []): PromptGenome => ({
  messages: [
    { role: 'system', content: text },
    { role: 'user', content: '{{ticket}}' },
  ],
  fewShot,
  parameters: { temperature: 0 },
});
const scored = (n: number, accuracy: number): ScoredVersion => ({
  text: '',
  sums: { 'exact-label': accuracy * n },
  n,
  errors: 0,
  failures: [],
});

function runWith(evaluated: { hash: string; genome: PromptGenome; n: number }[]) {
  const state = {
    candidates: evaluated.map((e) => ({
      hash: e.hash,
      genome: e.genome,
      full: e.n >= 20,
      scoredBy: 'evaluation',
    })),
    scored: Object.fromEntries(evaluated.map((e) => [e.hash, scored(e.n, 0.75)])),
    counters: {},
  } as unknown as EvolveRun['state'];
  return {
    state,
    settings: {
      objectives: [{ metric: 'exact-label', direction: 'max' }],
    } as unknown as EvolveRun['settings'],
    full: 20,
    rungs: [4, 20],
    baselineHash: 'base',
  };
}

const candidate = (id: number): Candidate<unknown> => ({ id }) as unknown as Candidate<unknown>;

it('a new candidate whose wording nearly repeats an evaluated version is told its scores, not paid for', () => {
  const run = runWith([{ hash: 'v1', genome: genome(base), n: 20 }]);
  const twin = genome(base.replace('billing, technical,', 'Billing; Technical;'));
  const distinct = genome('Reply with one word: the department that should handle this ticket.');
  const fewShotChanged = genome(base.replace('billing, technical,', 'Billing; Technical;'), [3]);
  const genomes = new Map([
    [1, twin],
    [2, distinct],
    [3, fewShotChanged],
  ]);
  const hashes = new Map([
    [1, 'c1'],
    [2, 'c2'],
    [3, 'c3'],
  ]);
  const out = nearDuplicatesOf(run, [1, 2, 3].map(candidate), genomes, hashes, new Map());
  assert.deepEqual(
    [...out.keys()],
    [1],
    'only the reworded twin; a distinct text or other few-shot rows are paid for',
  );
  assert.equal(out.get(1)?.['exact-label'], 0.75);
  const counters = run.state.counters as { nearDuplicatesSkipped?: number; savedByNearDuplicates?: number };
  assert.equal(counters.nearDuplicatesSkipped, 1);
  assert.equal(counters.savedByNearDuplicates, 4, "the first racing rung's evaluations");
});

it('a version evaluated on part of the selection only, or a candidate the surrogate skipped, is not a twin', () => {
  const run = runWith([{ hash: 'v1', genome: genome(base), n: 8 }]);
  const genomes = new Map([[1, genome(`${base} `)]]);
  const out = nearDuplicatesOf(run, [candidate(1)], genomes, new Map([[1, 'c1']]), new Map());
  assert.equal(out.size, 0);
  const full = runWith([{ hash: 'v1', genome: genome(base), n: 20 }]);
  const skipped = new Map([[1, { 'exact-label': 0.1 }]]);
  assert.equal(nearDuplicatesOf(full, [candidate(1)], genomes, new Map([[1, 'c1']]), skipped).size, 0);
});
