import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy } from '../../adapters/git/testing.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import type { RunsShowJson } from './run-show.ts';

const template = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const dirs: string[] = [];
let dir = '';
let runId = '';

async function evohub(args: string[]) {
  const m = memoryContext(dir, { HOME: dir });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evohub-runs-show-'));
  dirs.push(dir);
  commitTemplateCopy(template, dir);
  const r = await evohub(['eval', 'ticket-triage', '--sample', '12', '--seed', '1', '--json']);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  runId = (JSON.parse(r.out) as { runId: string }).runId;
  assert.ok(runId);
});
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('runs show prints the summary; --cases the per-case table with inputs, expected, output and scores', async () => {
  const plain = await evohub(['runs', 'show', runId]);
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, new RegExp(`^run +${runId} \\(eval, completed\\)`, 'm'));
  assert.match(plain.out, /^evaluations +12 over 12 cases \(\d+ errors, \d+ failed\)/m);
  assert.doesNotMatch(plain.out, /^case /m);

  const cases = await evohub(['runs', 'show', runId, '--cases']);
  assert.equal(cases.code, 0, cases.err);
  const lines = cases.out.split('\n');
  const header = lines.find((l) => l.startsWith('case '));
  assert.ok(header, cases.out);
  assert.match(header, /^case +inputs +expected +output +\S.* +latency +cost$/);
  const rows = lines.slice(lines.indexOf(header) + 1).filter((l) => l.trim() !== '');
  assert.equal(rows.length, 12);
  // Inputs are the row's variables (truncated to one line), expected its reference label.
  for (const row of rows) assert.match(row, /ticket=.{10,}…? +(billing|bug|feature_request|account|other) /);
  for (const row of rows) assert.ok(row.length < 260, 'cells are truncated');

  const json = JSON.parse((await evohub(['runs', 'show', runId, '--cases', '--json'])).out) as RunsShowJson;
  assert.equal(json.run?.id, runId);
  assert.equal(json.cases?.length, 12);
  const first = json.cases?.[0];
  assert.equal(typeof first?.vars?.ticket, 'string');
  assert.equal('expected' in (first?.vars ?? {}), false, 'expected is not among the inputs');
  assert.match(String(first?.expected), /^(billing|bug|feature_request|account|other)$/);
  assert.equal(json.totals.evaluations, 12);
});

test('runs show --failed keeps only cases that errored or failed; bad uses are clear errors', async () => {
  const all = JSON.parse((await evohub(['runs', 'show', runId, '--cases', '--json'])).out) as RunsShowJson;
  const failed = JSON.parse(
    (await evohub(['runs', 'show', runId, '--cases', '--failed', '--json'])).out,
  ) as RunsShowJson;
  const expectFailed = (all.cases ?? []).filter(
    (e) => e.error !== undefined || Object.values(e.passes).some((p) => !p),
  );
  assert.deepEqual(
    failed.cases?.map((e) => e.seq),
    expectFailed.map((e) => e.seq),
  );
  assert.equal(failed.totals.failed, expectFailed.length);

  const unknown = await evohub(['runs', 'show', 'nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no run "nope"/);
  const noCases = await evohub(['runs', 'show', runId, '--failed']);
  assert.equal(noCases.code, 2);
  assert.match(noCases.err, /--failed .*--cases/);
  // The older form still works.
  const old = await evohub(['runs', '--run', runId]);
  assert.equal(old.code, 0, old.err);
  assert.match(old.out, new RegExp(runId));
});

test('runs --export jsonl carries each case input variables and expected value', async () => {
  const out = join(dir, 'x.jsonl');
  const r = await evohub(['runs', '--export', 'jsonl', '--out', out, '--run', runId]);
  assert.equal(r.code, 0, r.err);
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 12);
  for (const l of lines) {
    assert.equal(typeof l.vars.ticket, 'string');
    assert.equal(typeof l.expected, 'string');
  }
});
