import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NotFoundError, UsageError } from '../../core/errors.ts';
import { DuckDbResultsStore } from './duckdb-results-store.ts';
import { looksLikeCandidateHash, resolveCandidate } from './resolve-candidate.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const h = (start: string) => start.padEnd(64, '0');

test('resolveCandidate: a unique prefix of the named prompt; ambiguous and unknown prefixes name the flag and prefix', async () => {
  const d = await mkdtemp(join(tmpdir(), 'evohub-resolve-'));
  dirs.push(d);
  const store = new DuckDbResultsStore(join(d, 'results.duckdb'), { mode: 'write' });
  const at = '2026-01-02T03:04:05.000Z';
  await store.savePromptVersions([
    { hash: h('abcdef1a'), name: 'triage', content: { messages: [] }, parents: [h('99')], createdAt: at },
    { hash: h('abcdef1b'), name: 'triage', content: { messages: [] }, parents: [], createdAt: at },
    { hash: h('abcdef2a'), name: 'other', content: { messages: [] }, parents: [], createdAt: at },
  ]);
  await store.recordLineage([
    {
      hash: h('abcdef1a'),
      name: 'triage',
      runId: 'evo-1',
      candidateId: 3,
      generation: 2,
      operator: 'rewrite',
      parents: [h('99')],
      fitness: { acc: 0.8 },
      createdAt: at,
    },
  ]);
  await store.saveRun({
    id: 'evo-1',
    kind: 'evolve',
    promptName: 'triage',
    promptFile: 'prompts/triage.prompt.yml',
    provider: 'simulated/x',
    simulated: true,
    status: 'completed',
    startedAt: at,
    options: {},
  });
  await store.close();

  const reader = new DuckDbResultsStore(join(d, 'results.duckdb'), { mode: 'read' });
  const one = await resolveCandidate(reader, 'triage', 'ABCDEF1A');
  assert.equal(one.version.hash, h('abcdef1a'));
  assert.deepEqual(one.runs, ['evo-1'], 'the run that made it, from its lineage record');
  assert.equal(one.lineage?.operator, 'rewrite');
  // Another prompt's versions do not make a prefix ambiguous.
  assert.equal((await resolveCandidate(reader, 'other', 'abcdef2')).version.hash, h('abcdef2a'));
  await assert.rejects(
    resolveCandidate(reader, 'triage', 'abcdef1', '--candidate'),
    (e: unknown) =>
      e instanceof UsageError &&
      /--candidate: the prefix "abcdef1" is ambiguous/.test(e.message) &&
      e.message.includes('abcdef1a') &&
      e.message.includes('abcdef1b'),
  );
  await assert.rejects(
    resolveCandidate(reader, 'triage', 'abcdef2a', 'triage@abcdef2a'),
    (e: unknown) => e instanceof NotFoundError && /triage@abcdef2a: no evaluated candidate/.test(e.message),
  );
  await assert.rejects(resolveCandidate(reader, 'triage', 'abc'), UsageError);
  await reader.close();
  assert.equal(looksLikeCandidateHash('1a2b3c4'), true);
  assert.equal(looksLikeCandidateHash('main'), false);
  assert.equal(looksLikeCandidateHash('123456'), false);
});
