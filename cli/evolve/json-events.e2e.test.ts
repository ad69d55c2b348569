import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy } from '../../adapters/git/testing.ts';
import type { EvolveEvent, ProgressEvent } from '../../core/events.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const gitEnv = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
};

async function evohub(args: string[], tty = false) {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-events-'));
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  const m = memoryContext(dir, { ...gitEnv, HOME: dir });
  if (tty) m.ctx.stderr.isTTY = true;
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

function parseLines(out: string): (ProgressEvent & { at: string })[] {
  const lines = out.trimEnd().split('\n');
  return lines.map((l, i) => {
    try {
      return JSON.parse(l) as ProgressEvent & { at: string };
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${l.slice(0, 80)}`);
    }
  });
}

test('evolve --json-events: one JSON event per line on stdout, in order, with the fields of core/events.ts', async () => {
  const r = await evohub([
    'evolve',
    'ticket-triage',
    '--generations',
    '2',
    '--population',
    '4',
    '--json-events',
  ]);
  assert.equal(r.code, 0, r.err);
  const lines = parseLines(r.out);
  for (const e of lines) assert.ok(!Number.isNaN(Date.parse(e.at)), `${e.type} has a time`);
  const events = lines as EvolveEvent[];
  const types = events.map((e) => e.type);
  assert.equal(types[0], 'evolve-started');
  assert.equal(types.at(-1), 'evolve-finished');
  const runId = events[0]?.runId;
  assert.ok(
    events.every((e) => e.runId === runId),
    'every event names the run',
  );

  // Per generation: started, progress, candidates, finished, then the checkpoint; generations in order.
  for (const g of [0, 1]) {
    const of = (t: string) =>
      events.findIndex((e) => e.type === t && 'generation' in e && e.generation === g);
    const started = of('generation-started');
    const finished = of('generation-finished');
    assert.ok(started >= 0 && finished > started, `generation ${g} starts then finishes`);
    const progress = events.filter(
      (e): e is Extract<EvolveEvent, { type: 'evaluations-progress' }> =>
        e.type === 'evaluations-progress' && e.generation === g,
    );
    assert.ok(progress.length > 0, `generation ${g} reports evaluations`);
    assert.deepEqual(
      progress.map((p) => p.done),
      progress.map((_, i) => i + 1),
      'done counts up by one',
    );
    for (const p of progress) {
      assert.ok(p.planned >= p.done && p.costUsd >= 0 && p.paidCalls >= 0);
      // The template's evolution budget, so a consumer can show spend against it.
      assert.deepEqual(p.budget, { maxEvaluations: 5000, maxUsd: 1 });
      assert.ok(p.paidCalls <= 5000 && p.costUsd <= 1);
    }
    const candidates = events.filter((e) => e.type === 'candidate-scored' && e.generation === g);
    assert.equal(candidates.length, 4, 'one candidate-scored per candidate of the batch');
    const next = events[finished + 1];
    assert.equal(next?.type, 'checkpoint-written');
    if (g === 1) {
      const previous = events.findIndex((e) => e.type === 'generation-finished' && e.generation === 0);
      assert.ok(started > previous, 'generation 1 after generation 0');
    }
  }
  const held = types.indexOf('held-out-started');
  assert.ok(held > types.lastIndexOf('generation-finished'), 'the held-out report after the last generation');
  const finished = events.at(-1) as Extract<EvolveEvent, { type: 'evolve-finished' }>;
  assert.equal(finished.status, 'completed');
  assert.match(finished.winner, /^[0-9a-f]{64}$/);
  assert.ok(finished.evaluations > 0 && finished.costUsd > 0);
  // The human report still reaches the user, on stderr.
  assert.match(r.err, /Pareto front/);
  assert.match(r.err, /Held-out/);
});

test('evolve on a terminal draws a live line within each generation; --json and --json-events are alternatives', async () => {
  const r = await evohub(['evolve', 'ticket-triage', '--generations', '1', '--population', '4'], true);
  assert.equal(r.code, 0, r.err);
  const CLEAR = '\r\x1b[2K';
  const err = r.err.replaceAll(CLEAR, '<clear>');
  assert.match(
    err,
    /<clear>gen 1\/1 [█░]+ \d+\/\d+ evals · [\d.]+s elapsed · ETA [^·]+ · \$\d+\.\d{4} of \$1/,
  );
  // The generation's line replaces the live line (cleared first), and stdout keeps the report only.
  assert.match(err, /<clear>gen 1\/1 {2}best: /);
  assert.match(r.out, /^Evolution /);

  const both = await evohub(['evolve', 'ticket-triage', '--json', '--json-events']);
  assert.equal(both.code, 2);
  assert.match(both.err, /--json and --json-events are alternatives/);
});

test('eval --json-events: run-started, one evaluation-scored per case in order, run-finished; the report on stderr', async () => {
  const r = await evohub(['eval', 'ticket-triage', '--sample', '10', '--json-events']);
  assert.equal(r.code, 0, r.err);
  const events = parseLines(r.out);
  assert.equal(events[0]?.type, 'run-started');
  assert.equal(events.at(-1)?.type, 'run-finished');
  const scored = events.filter((e) => e.type === 'evaluation-scored');
  assert.deepEqual(
    scored.map((e) => e.done),
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
  assert.match(r.err, /exact-label/);
  const bad = await evohub(['eval', 'ticket-triage', '--json-events', '--markdown']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--json-events and --markdown are exclusive/);
});
