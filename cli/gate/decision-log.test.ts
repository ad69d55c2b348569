import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { GateResult } from '../../core/gate/decide.ts';
import { memoryContext } from '../context.ts';
import { logDecision } from './decision-log.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const result = {
  decision: 'continue',
  reason: 'not enough samples',
  prompt: 'ticket-triage',
  window: '5m',
  evaluatedAt: '2026-01-01T00:00:00.000Z',
  variants: [
    { name: 'stable', role: 'stable', requests: 3, expectedShare: 0.5 },
    { name: 'canary', role: 'canary', requests: 4, expectedShare: 0.5 },
  ],
  srm: { pValue: 1, threshold: 0.001, passed: true },
  guardrails: [],
  checks: [],
} as GateResult;

test('each evaluation appends one line; earlier lines are kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-gate-log-'));
  dirs.push(dir);
  const m = memoryContext(dir, { EVOHUB_ROLLOUT: 'triage' });
  await logDecision(m.ctx, result);
  await logDecision(m.ctx, { ...result, decision: 'promote' });
  const lines = (await readFile(join(dir, '.evohub', 'gate-decisions.jsonl'), 'utf8')).trim().split('\n');
  assert.deepEqual(
    lines.map((l) => [JSON.parse(l).rollout, JSON.parse(l).decision]),
    [
      ['triage', 'continue'],
      ['triage', 'promote'],
    ],
  );
  assert.equal(await readFile(join(dir, '.evohub', '.gitignore'), 'utf8'), '*\n');
});

test('a log that cannot be written is a warning, never a changed decision', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-gate-log-'));
  dirs.push(dir);
  await writeFile(join(dir, 'blocker'), 'a file where the folder should be');
  const m = memoryContext(dir, { EVOHUB_GATE_LOG: 'blocker/log.jsonl' });
  await logDecision(m.ctx, result);
  assert.match(m.stderr(), /warning: decision not logged/);
});
