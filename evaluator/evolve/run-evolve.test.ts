import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { evolveReport } from '../../core/evolve/report.ts';
import { BUILTIN_SETTINGS, type EvolveSettings } from '../../core/evolve/settings.ts';
import type { EvaluationRecord, ResultsStore } from '../../core/ports/results-store.ts';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';
import { loadMetaPrompts } from './meta-prompts.ts';
import { runEvolve } from './run-evolve.ts';

const root = new URL('../../templates/classification/', import.meta.url).pathname;
const prompt = parse(readFileSync(`${root}prompts/ticket-triage.prompt.yml`, 'utf8')) as PromptFile;
const rows = readFileSync(`${root}datasets/ticket-triage.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as DatasetRow);

async function run(settings: Partial<EvolveSettings>) {
  const stored: EvaluationRecord[] = [];
  // The port as the loop uses it: what it appends is what the results store would keep.
  const store = {
    appendEvaluations: async (r: readonly EvaluationRecord[]) => void stored.push(...r),
    flush: async () => {},
    savePromptVersions: async () => {},
    savePromptVersion: async () => {},
  } as unknown as ResultsStore;
  const outcome = await runEvolve({
    runId: 'r',
    source: { file: 'prompts/ticket-triage.prompt.yml', name: 'ticket-triage', data: prompt, text: '' },
    rows,
    settings: {
      ...BUILTIN_SETTINGS,
      population: 6,
      generations: 20,
      seed: 1,
      objectives: [{ metric: 'exact-label', goal: 'maximize' }],
      optimizerModel: 'simulated/ticket-triage',
      heldOut: 0.2,
      ...settings,
    },
    env: { baseDir: root, env: {}, store },
    checkpoints: { save: async () => {}, latest: async () => undefined, recordLineage: async () => {} },
    templates: await loadMetaPrompts('/nonexistent'),
    concurrency: 8,
    baseCommit: null,
  });
  return { outcome, stored };
}

test('a budget stop: the message names the budget and the held-out reserve; every paid evaluation is counted and stored', async () => {
  const { outcome, stored } = await run({ budget: { maxEvaluations: 300 } });
  const c = outcome.state.counters;
  assert.match(
    outcome.state.stopped ?? '',
    /^budget of 300 calls reached: the search paid \d+ .*and 26 are reserved for the held-out report/,
  );
  assert.ok(c.paidCalls <= 300, `${c.paidCalls}`);
  // No cache: every case evaluation was paid, and each one is in the store (the interrupted generation's too).
  assert.equal(stored.length, c.evaluations);
  assert.equal(c.paidCalls, c.evaluations + c.optimizerCalls);
  const report = evolveReport(outcome, { file: 'p', name: 'p', committed: null, resumed: false });
  assert.equal(report.evaluations.interrupted, c.interruptedCalls ?? 0);
  assert.equal(report.curve.metric, 'exact-label');
  assert.equal(report.curve.points.at(-1)?.calls, c.paidCalls);
  assert.ok(report.curve.points.some((p) => p.best !== null));
});

test('random search and early stopping run through the same loop', async () => {
  const { outcome } = await run({ algorithm: 'random', patience: 1, budget: { maxEvaluations: 5000 } });
  assert.match(outcome.state.stopped ?? '', /the front did not move for 1 generation \(patience 1\)/);
  assert.ok(outcome.state.history.length < 20);
  for (const c of outcome.state.candidates) assert.ok(c.parents.length <= 1, 'bred from the original only');
  // A winner never carries the same sentence twice.
  const text = outcome.winnerPrompt.messages[0]?.content ?? '';
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  assert.equal(new Set(sentences).size, sentences.length, text);
});
