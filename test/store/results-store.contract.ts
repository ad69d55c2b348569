/**
 * The results-store contract: what every implementation of core/ports/results-store.ts does, run against each
 * (duckdb-results-store.contract.test.ts, postgres-results-store.contract.test.ts). `fresh()` gives an empty
 * store location; `open` opens it for reading or writing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import type { EvaluationRecord, ResultsStore, RunRecord } from '../../core/ports/results-store.ts';

export type StoreLocation = { open(mode: 'read' | 'write'): ResultsStore };
export type StoreFactory = { fresh(): Promise<StoreLocation> };

export const run: RunRecord = {
  id: 'run-1',
  kind: 'eval',
  promptName: 'ticket-triage',
  promptFile: 'prompts/ticket-triage.prompt.yml',
  provider: 'simulated/ticket-triage',
  simulated: true,
  status: 'running',
  startedAt: '2026-01-02T03:04:05.678Z',
  options: { sample: 3, seed: 7 },
};

export function evaluation(seq: number, over: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return {
    runId: 'run-1',
    seq,
    promptHash: 'abc',
    caseId: `c${seq}`,
    caseIndex: seq,
    repeat: 0,
    output: `answer ${seq} with 'quotes' and "doubles"`,
    metrics: { accuracy: seq % 2, latency: 12.5 + seq },
    passes: { accuracy: seq % 2 === 1 },
    latencyMs: 12.5 + seq,
    inputTokens: 100 + seq,
    outputTokens: 5,
    costUsd: 0.0001 * seq,
    model: 'simulated/ticket-triage',
    cached: seq === 0,
    createdAt: '2026-01-02T03:04:06.000Z',
    ...over,
  };
}

/** Input variables and an expected value as a case row gives them (nested, non-ASCII, an object expected). */
export const withInputs: Partial<EvaluationRecord> = {
  vars: { ticket: "can't log in — «urgent»", customer: { plan: 'pro', seats: 3 } },
  expected: { label: 'bug', priority: 1 },
};

export function lineage(hash: string, parents: string[], over: Partial<LineageRecord> = {}): LineageRecord {
  return {
    hash,
    name: 'ticket-triage',
    runId: 'evo-1',
    candidateId: 1,
    generation: 1,
    operator: parents.length ? 'rewrite' : 'original',
    parents,
    fitness: { accuracy: 0.5 },
    createdAt: '2026-01-02T03:04:07.000Z',
    ...over,
  };
}

export function resultsStoreContract(name: string, factory: StoreFactory): void {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const outDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'evohub-contract-'));
    dirs.push(d);
    return d;
  };

  test(`${name}: runs, prompt versions and evaluations round-trip; a read-only store refuses writes`, async () => {
    const loc = await factory.fresh();
    const store = loc.open('write');
    await store.saveRun(run);
    await store.savePromptVersion({
      hash: 'abc',
      name: 'ticket-triage',
      content: { messages: [] },
      parents: [],
      createdAt: run.startedAt,
    });
    await store.savePromptVersion({
      hash: 'abc',
      name: 'other',
      content: {},
      parents: ['x'],
      createdAt: run.startedAt,
    });
    await store.appendEvaluations([
      evaluation(0),
      evaluation(1, withInputs),
      evaluation(2, { error: 'boom', metrics: {}, passes: {}, costUsd: undefined }),
    ]);
    const finished = {
      ...run,
      status: 'completed' as const,
      finishedAt: '2026-01-02T03:05:00.000Z',
      summary: { ok: 1 },
    };
    await store.saveRun(finished);
    await store.close();

    const reader = loc.open('read');
    try {
      assert.deepEqual(await reader.listRuns(), [{ ...finished, note: undefined }]);
      assert.deepEqual(await reader.getRun('run-1'), { ...finished, note: undefined });
      assert.equal(await reader.getRun('nope'), undefined);
      assert.deepEqual(await reader.evaluations('run-1'), [
        evaluation(0),
        evaluation(1, withInputs),
        { ...evaluation(2), error: 'boom', metrics: {}, passes: {}, costUsd: undefined },
      ]);
      assert.deepEqual(await reader.evaluations('run-2'), []);
      await assert.rejects(reader.saveRun(run), /read-only/);
    } finally {
      await reader.close();
    }
  });

  test(`${name}: runs list in start order; a non-finite metric reads back as NaN`, async () => {
    const loc = await factory.fresh();
    const store = loc.open('write');
    await store.saveRun({ ...run, id: 'late', startedAt: '2026-01-03T00:00:00.000Z', note: 'budget' });
    await store.saveRun({ ...run, id: 'early' });
    await store.appendEvaluations([evaluation(0, { runId: 'early', metrics: { score: Number.NaN } })]);
    await store.close();
    const reader = loc.open('read');
    try {
      const runs = await reader.listRuns();
      assert.deepEqual(
        runs.map((r) => [r.id, r.note]),
        [
          ['early', undefined],
          ['late', 'budget'],
        ],
      );
      const [ev] = await reader.evaluations('early');
      assert.ok(Number.isNaN(ev?.metrics.score));
    } finally {
      await reader.close();
    }
  });

  test(`${name}: an empty store has no runs, evaluations, checkpoints or ancestry`, async () => {
    const reader = (await factory.fresh()).open('read');
    try {
      assert.deepEqual(await reader.listRuns(), []);
      assert.deepEqual(await reader.evaluations('run-1'), []);
      assert.equal(await reader.latestCheckpoint('run-1'), undefined);
      assert.deepEqual(await reader.ancestry('abc'), []);
      assert.deepEqual(await reader.findPromptVersions('abc'), []);
      const out = join(await outDir(), 'empty.jsonl');
      assert.deepEqual(await reader.exportEvaluations('jsonl', out), { rows: 0 });
      assert.equal(await readFile(out, 'utf8'), '');
    } finally {
      await reader.close();
    }
  });

  test(`${name}: exports to parquet (DuckDB reads it back) and to JSONL`, async () => {
    const loc = await factory.fresh();
    const store = loc.open('write');
    await store.saveRun(run);
    await store.saveRun({ ...run, id: 'run-2' });
    await store.appendEvaluations([
      evaluation(0),
      evaluation(1, withInputs),
      evaluation(0, { runId: 'run-2' }),
    ]);
    await store.close();

    const reader = loc.open('read');
    try {
      const dir = await outDir();
      const parquet = join(dir, 'out', 'evals.parquet');
      assert.equal((await reader.exportEvaluations('parquet', parquet, { runId: 'run-1' })).rows, 2);
      const mem = await DuckDBInstance.create(':memory:');
      const conn = await mem.connect();
      const back = await conn.runAndReadAll(
        `SELECT run_id, seq, output, metrics['accuracy'] AS acc, passes['accuracy'] AS pass, created_at::VARCHAR AS at
         FROM read_parquet('${parquet}') ORDER BY seq`,
      );
      const at = (back.getRowObjectsJson()[0] as { at: string }).at;
      assert.match(at, /^2026-01-02[ T]03:04:06/);
      assert.deepEqual(
        back.getRowObjectsJson().map(({ at: _at, ...r }) => r),
        [
          { run_id: 'run-1', seq: 0, output: evaluation(0).output, acc: 0, pass: false },
          { run_id: 'run-1', seq: 1, output: evaluation(1).output, acc: 1, pass: true },
        ],
      );
      const inputs = await conn.runAndReadAll(
        `SELECT vars::VARCHAR AS vars, expected::VARCHAR AS expected FROM read_parquet('${parquet}') ORDER BY seq`,
      );
      const parsed = inputs
        .getRowObjectsJson()
        .map((r) => [
          r.vars == null ? null : JSON.parse(String(r.vars)),
          r.expected == null ? null : JSON.parse(String(r.expected)),
        ]);
      assert.deepEqual(parsed, [
        [null, null],
        [withInputs.vars, withInputs.expected],
      ]);
      conn.closeSync();
      mem.closeSync();

      const jsonl = join(dir, 'out', 'all.jsonl');
      assert.equal((await reader.exportEvaluations('jsonl', jsonl)).rows, 3);
      const lines = (await readFile(jsonl, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        lines.map((l) => [l.run_id, l.seq, l.metrics.accuracy, l.passes.accuracy ?? null]),
        [
          ['run-1', 0, 0, false],
          ['run-1', 1, 1, true],
          ['run-2', 0, 0, false],
        ],
      );
      assert.equal(lines[1].input_tokens, 101);
      assert.deepEqual([lines[1].vars, lines[1].expected], [withInputs.vars, withInputs.expected]);
      assert.deepEqual([lines[0].vars, lines[0].expected], [null, null]);
    } finally {
      await reader.close();
    }
  });

  test(`${name}: a run's paid calls are replaced as a whole, each key once`, async () => {
    const store = (await factory.fresh()).open('write');
    try {
      await store.saveRun(run);
      await store.savePaidCalls('run-1', [
        { key: 'b', costUsd: 0.2 },
        { key: 'a', costUsd: 0.1 },
      ]);
      await store.savePaidCalls('run-1', [
        { key: 'c', costUsd: 0.3 },
        { key: 'a', costUsd: 0.1 },
      ]);
      assert.deepEqual(await store.paidCalls('run-1'), [
        { key: 'a', costUsd: 0.1 },
        { key: 'c', costUsd: 0.3 },
      ]);
      assert.deepEqual(await store.paidCalls('run-2'), []);
    } finally {
      await store.close();
    }
  });

  test(`${name}: prompt versions are found by hash prefix, with the runs that evaluated them`, async () => {
    const loc = await factory.fresh();
    const store = loc.open('write');
    const version = (hash: string, name = 'ticket-triage') => ({
      hash,
      name,
      content: { messages: [{ role: 'user', content: hash }] },
      parents: ['p0'],
      createdAt: run.startedAt,
    });
    await store.saveRun(run);
    await store.savePromptVersion(version('abc123'));
    await store.savePromptVersions([
      version('abc999'),
      version('abd000'),
      version('a%c_00'),
      { ...version('abc999'), name: 'second of a batch' },
      { ...version('abc123'), name: 'already stored' },
    ]);
    await store.savePromptVersion(version('abc555', 'other'));
    await store.appendEvaluations([
      evaluation(0, { promptHash: 'abc123', runId: 'run-b', createdAt: '2026-01-02T03:04:09.000Z' }),
      evaluation(0, { promptHash: 'abc123', runId: 'run-a', createdAt: '2026-01-02T03:04:08.000Z' }),
      evaluation(1, { promptHash: 'abc123', runId: 'run-a' }),
    ]);
    await store.close();
    const reader = loc.open('read');
    try {
      const all = await reader.findPromptVersions('abc');
      assert.deepEqual(
        all.map((v) => v.hash),
        ['abc123', 'abc555', 'abc999'],
      );
      const mine = await reader.findPromptVersions('abc1', { name: 'ticket-triage' });
      assert.deepEqual(mine, [{ ...version('abc123'), runs: ['run-a', 'run-b'] }]);
      assert.deepEqual(
        (await reader.findPromptVersions('abc', { name: 'other' })).map((v) => v.hash),
        ['abc555'],
      );
      assert.equal((await reader.findPromptVersions('ab', { limit: 2 })).length, 2);
      // LIKE wildcards in a prefix are literal.
      assert.deepEqual(
        (await reader.findPromptVersions('a%')).map((v) => v.hash),
        ['a%c_00'],
      );
      assert.deepEqual(await reader.findPromptVersions('zzz'), []);
      assert.equal((await reader.findPromptVersions('abc999'))[0]?.name, 'ticket-triage');
    } finally {
      await reader.close();
    }
  });

  test(`${name}: checkpoints keep the newest generation; lineage keeps a version's first record`, async () => {
    const loc = await factory.fresh();
    const store = loc.open('write');
    await store.recordLineage([lineage('a', [], { generation: 0, candidateId: 0 })]);
    await store.saveCheckpoint('evo-1', 0, { gen: 0 }, []);
    await store.saveCheckpoint('evo-1', 1, { gen: 1, population: ['b'] }, [
      lineage('b', ['a']),
      lineage('a', [], { operator: 'should-not-replace' }),
      lineage('b', [], { operator: 'second-of-batch' }),
    ]);
    await store.saveCheckpoint('evo-2', 5, { other: true }, [lineage('x', [], { runId: 'evo-2' })]);
    // A later run that reuses an ancestor from an earlier run: the walk crosses runs.
    await store.recordLineage([lineage('c', ['b'], { runId: 'evo-3', generation: 2 })]);
    assert.deepEqual(await store.latestCheckpoint('evo-1'), {
      generation: 1,
      state: { gen: 1, population: ['b'] },
    });
    await store.close();

    const reader = loc.open('read');
    try {
      assert.deepEqual(await reader.latestCheckpoint('evo-2'), { generation: 5, state: { other: true } });
      assert.equal(await reader.latestCheckpoint('evo-9'), undefined);
      const anc = await reader.ancestry('c');
      assert.deepEqual(
        anc.map((e) => [e.hash, e.depth, e.operator, e.runId]),
        [
          ['c', 0, 'rewrite', 'evo-3'],
          ['b', 1, 'rewrite', 'evo-1'],
          ['a', 2, 'original', 'evo-1'],
        ],
      );
      assert.deepEqual(anc[1]?.parents, ['a']);
      assert.deepEqual(anc[1]?.fitness, { accuracy: 0.5 });
      assert.equal(anc[1]?.createdAt, '2026-01-02T03:04:07.000Z');
      assert.deepEqual(await reader.ancestry('unknown'), []);
    } finally {
      await reader.close();
    }
  });
}
