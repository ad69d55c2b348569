import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EvalEvent } from '../../core/events.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import { MemoryBudget } from '../budget/budget.ts';
import { MemoryResponseCache } from '../cache/memory-response-cache.ts';
import { DuckDbResultsStore } from '../store/duckdb-results-store.ts';
import { compareVersions } from './compare-versions.ts';
import { type EvaluationEnvironment, evaluatePrompt } from './evaluate-prompt.ts';

let judge: Awaited<ReturnType<typeof startOpenAiServer>>;
let dir: string;
before(async () => {
  // The judge answers with a rationale and the rating on its last line.
  judge = await startOpenAiServer({ respond: () => 'The response is clear.\n4' });
  dir = await mkdtemp(join(tmpdir(), 'evohub-evalrun-'));
});
after(async () => {
  await judge.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = [
  { id: 'a', ticket: 'I was charged twice, please refund me', expected: 'billing', input: 'q1' },
  { id: 'b', ticket: 'The app crashes with an error on start', expected: 'bug', input: 'q2' },
  { id: 'c', ticket: 'Please add dark mode, it would be great', expected: 'feature_request', input: 'q3' },
];

const prompt: PromptFile = {
  model: 'simulated/ticket-triage',
  messages: [
    {
      role: 'system',
      content:
        'Classify the ticket as billing, bug, feature_request, account or other. Answer with the label only.',
    },
    { role: 'user', content: '{{ticket}}' },
  ],
  evaluators: [
    { name: 'label', string: { equals: '{{expected}}' } },
    { name: 'fluent', uses: 'github/fluency' },
    {
      name: 'judged',
      llm: {
        modelId: 'openai/gpt-4o',
        prompt: 'Rate {{completion}} for {{ticket}}',
        choices: [
          { choice: '4', score: 0.8 },
          { choice: '1', score: 0 },
        ],
      },
    },
  ],
};

function environment(
  store: DuckDbResultsStore,
  events: EvalEvent[],
  cache = new MemoryResponseCache(),
): EvaluationEnvironment {
  return {
    baseDir: dir,
    env: {},
    providers: { local: { type: 'openai', baseUrl: judge.baseUrl, apiKeyEnv: 'none' } },
    judgeModel: 'local/judge',
    cache,
    budget: new MemoryBudget({}),
    store,
    onEvent: (e) => events.push(e),
  };
}

test('judges run through the model caller (cache included); events and stored evaluations follow the run', async () => {
  const store = new DuckDbResultsStore(join(dir, 'a.duckdb'), { mode: 'write' });
  const events: EvalEvent[] = [];
  const cache = new MemoryResponseCache();
  const report = await evaluatePrompt(
    { file: 'p.prompt.yml', name: 'p', data: prompt },
    rows,
    environment(store, events, cache),
    {
      concurrency: 2,
    },
  );
  assert.equal(report.simulated, true);
  assert.equal(report.summary.evaluations, 3);
  assert.equal(judge.count, 6, 'two judges per case');
  const byName = Object.fromEntries(report.summary.metrics.map((m) => [m.name, m]));
  assert.equal(byName.fluent?.mean, 0.75, 'github/fluency: rating 4 → 0.75');
  assert.ok(Math.abs((byName.judged?.mean ?? 0) - 0.8) < 1e-12);
  assert.equal(byName.judged?.passRate, 1);
  assert.deepEqual(
    events.map((e) => e.type).filter((t, i, a) => a.indexOf(t) === i),
    ['run-started', 'evaluation-scored', 'checkpoint-written', 'run-finished'],
  );
  assert.equal(events.filter((e) => e.type === 'evaluation-scored').length, 3);
  const last = events.at(-1);
  assert.ok(last?.type === 'run-finished' && last.status === 'completed' && last.evaluations === 3);
  await store.close();
  const stored = await store.evaluations(report.runId);
  assert.equal(stored.length, 3);
  assert.deepEqual(Object.keys(stored[0]?.metrics ?? {}).sort(), ['fluent', 'judged', 'label']);

  // Same cache: neither the model nor the judges are called again.
  const again = await evaluatePrompt(
    { file: 'p.prompt.yml', name: 'p', data: prompt },
    rows,
    environment(store, [], cache),
    {},
  );
  assert.equal(judge.count, 6);
  assert.equal(again.summary.cache.hits, 3);
  await store.close();
});

test('compareVersions pairs the same cases and returns data (no output)', async () => {
  const store = new DuckDbResultsStore(join(dir, 'b.duckdb'), { mode: 'write' });
  const bare: PromptFile = {
    ...prompt,
    messages: [{ role: 'user', content: '{{ticket}}' }],
    evaluators: prompt.evaluators?.slice(0, 1),
  };
  const good = { ...prompt, evaluators: prompt.evaluators?.slice(0, 1) };
  const many = Array.from({ length: 40 }, (_, i) => ({
    ...rows[i % 3],
    id: `r${i}`,
    ticket: `${rows[i % 3]?.ticket} (#${i})`,
  }));
  const c = await compareVersions({
    base: { file: 'p@main', name: 'p', data: bare },
    candidate: { file: 'p', name: 'p', data: good },
    rows: many,
    env: environment(store, []),
    settings: { sample: 30, seed: 3 },
  });
  await store.close();
  const label = c.metrics.find((m) => m.name === 'label');
  assert.equal(label?.pairs, 30);
  assert.equal(label?.verdict, 'better');
  assert.equal(c.simulated, true);
  assert.deepEqual(
    c.base.records.map((r) => r.caseId).sort(),
    c.candidate.records.map((r) => r.caseId).sort(),
  );
});

test('a budget stops the run before crossing it: partial report, status stored', async () => {
  const store = new DuckDbResultsStore(join(dir, 'c.duckdb'), { mode: 'write' });
  const env = {
    ...environment(store, []),
    judgeModel: undefined,
    budget: new MemoryBudget({ maxEvaluations: 2 }),
  };
  const data = { ...prompt, evaluators: prompt.evaluators?.slice(0, 1) };
  const report = await evaluatePrompt({ file: 'p', name: 'p', data }, rows, env, { concurrency: 1 });
  await store.close();
  assert.equal(report.status, 'partial');
  assert.equal(report.summary.evaluations, 2);
  assert.match(report.stopped?.message ?? '', /evaluation budget of 2 reached/);
  assert.equal((await store.getRun(report.runId))?.status, 'partial');
});
