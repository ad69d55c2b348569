/**
 * Every evaluated candidate is addressable: after `evohub evolve`, `show name@<hash>` prints any candidate the run
 * evaluated (with the runs and parents), `promote --candidate` pins one (committed on its own branch first) and
 * `propose --candidate` proposes a non-winning one; unknown and malformed hashes are clear errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commitTemplateCopy, git } from '../../adapters/git/testing.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import type { ShowJson } from './show.ts';

const template = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const AUTHOR = { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.com' };
let dir = '';
let runId = '';
let winner = '';
/** A candidate of the run that is not its winner. */
let other = '';

async function evohub(args: string[]) {
  const m = memoryContext(dir, { ...AUTHOR, HOME: dir });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evohub-candidate-'));
  commitTemplateCopy(template, dir);
  const args = ['evolve', 'ticket-triage', '--generations', '2', '--population', '4', '--seed', '3'];
  const r = await evohub([...args, '--no-commit', '--json']);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out) as { runId: string; winner: { hash: string }; baseline: { hash: string } };
  runId = report.runId;
  winner = report.winner.hash;
  const store = new DuckDbResultsStore(join(dir, '.evohub', 'results.duckdb'), { mode: 'read' });
  const versions = await store.findPromptVersions('', { name: 'ticket-triage', limit: 100 });
  await store.close();
  const found = versions.find(
    (v) => v.hash !== winner && v.hash !== report.baseline.hash && v.runs.length > 0,
  );
  assert.ok(found, 'the run stored its candidates as prompt versions');
  other = found.hash;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('show name@<prefix> prints a stored candidate as a prompt file, noting its runs and parents', async () => {
  const r = await evohub(['show', `ticket-triage@${other.slice(0, 10)}`]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^# evohub candidate ${other}`));
  assert.match(r.out, new RegExp(`^# evaluated by: ${runId}`, 'm'));
  assert.match(r.out, /^# parents: [0-9a-f]{64}/m);
  const data = parse(r.out) as { messages: unknown[] };
  assert.ok(Array.isArray(data.messages));

  const j = JSON.parse(
    (await evohub(['show', `ticket-triage@${other.slice(0, 7)}`, '--json'])).out,
  ) as ShowJson;
  assert.equal(j.resolvedBy, 'candidate');
  assert.equal(j.commit, null);
  // The rendered file is the candidate: its content hash is the one asked for.
  assert.equal(j.contentHash, other);
  assert.deepEqual(j.candidate?.runs, [runId]);
  assert.ok(j.candidate?.evaluationRuns.every((id) => id.startsWith(`${runId}/`)));
  assert.equal(j.candidate?.lineage?.runId, runId);

  // Git revisions still come first.
  const v1 = await evohub(['show', 'ticket-triage@1', '--json']);
  assert.equal((JSON.parse(v1.out) as ShowJson).resolvedBy, 'version');
});

test('an unknown hash names the revision and the prefix; a short one is a usage error', async () => {
  const r = await evohub(['show', 'ticket-triage@0000000abc']);
  assert.equal(r.code, 1);
  assert.match(r.err, /unknown revision ticket-triage@0000000abc/);
  assert.match(r.err, /no evaluated candidate of "ticket-triage" has a hash starting with "0000000abc"/);
  const short = await evohub(['promote', 'ticket-triage', '--candidate', 'abc', '--env', 'staging']);
  assert.equal(short.code, 2);
  assert.match(short.err, /--candidate: "abc" is not a candidate hash/);
  const unknown = await evohub(['promote', 'ticket-triage', '--candidate', '0000000', '--env', 'staging']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /--candidate: no evaluated candidate .* "0000000"/);
  const withRev = await evohub(['promote', 'ticket-triage@1', '--candidate', other, '--env', 'staging']);
  assert.equal(withRev.code, 2);
  assert.match(withRev.err, /--candidate takes the prompt name alone/);
});

test('promote --candidate commits the candidate on its own branch and pins that commit', async () => {
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const r = await evohub([
    'promote',
    'ticket-triage',
    '--candidate',
    other.slice(0, 12),
    '--env',
    'staging',
    '--json',
  ]);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as { pin: string; commit: string };
  const branch = `evohub/ticket-triage/candidate-${other.slice(0, 12)}`;
  assert.equal(git(dir, 'rev-parse', branch).trim(), out.pin);
  assert.equal(git(dir, 'rev-parse', `${out.pin}^`).trim(), head, 'the candidate branch starts at HEAD');
  assert.match(
    readFileSync(join(dir, 'environments/staging.yaml'), 'utf8'),
    new RegExp(`ticket-triage: ${out.pin}`),
  );
  const committed = parse(git(dir, 'show', `${out.pin}:prompts/ticket-triage.prompt.yml`)) as {
    version: number;
    lineage: { runId: string; parents: string[] };
  };
  assert.equal(committed.version, 2);
  assert.equal(committed.lineage.runId, runId);
  // The working tree's prompt is untouched.
  assert.equal(git(dir, 'status', '--porcelain', 'prompts').trim(), '');
  // Again: the same branch and commit, nothing new to pin.
  const again = await evohub([
    'promote',
    'ticket-triage',
    '--candidate',
    other,
    '--env',
    'staging',
    '--json',
  ]);
  assert.equal(again.code, 0, again.err);
  assert.equal((JSON.parse(again.out) as { commit: string | null }).commit, null);
});

test('propose --candidate proposes a non-winning candidate of the run; again updates it', async () => {
  const r = await evohub(['propose', runId, '--candidate', other.slice(0, 12), '--forge', 'local', '--json']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { branch: string; proposed: boolean; number: number };
  assert.equal(res.branch, `evohub/ticket-triage/candidate-${other.slice(0, 12)}`);
  const rec = JSON.parse(readFileSync(join(dir, '.evohub/proposals', `${res.number}.json`), 'utf8')) as {
    title: string;
    body: string;
  };
  assert.match(rec.title, new RegExp(`candidate ${other.slice(0, 12)} \\(run ${runId}\\)`));
  assert.match(rec.body, /not the run’s winner/);
  const again = await evohub(['propose', runId, '--candidate', other, '--forge', 'local']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /Updated proposal #\d+/);
  const notOfRun = await evohub(['propose', 'no-such-run', '--candidate', other, '--forge', 'local']);
  assert.notEqual(notOfRun.code, 0);
});

test('runs show of an evolve run: its cases are the winner held-out evaluations, with their inputs', async () => {
  const r = await evohub(['runs', 'show', runId, '--cases', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as {
    run: { kind: string };
    evaluationRun: string;
    cases: { promptHash: string; vars?: Record<string, unknown> }[];
  };
  assert.equal(j.run.kind, 'evolve');
  assert.equal(j.evaluationRun, `${runId}/held-out/winner`);
  assert.ok(j.cases.length > 0);
  for (const c of j.cases) assert.equal(c.promptHash, winner);
  assert.equal(typeof j.cases[0]?.vars?.ticket, 'string');
  const text = await evohub(['runs', 'show', runId, '--cases']);
  assert.match(text.out, new RegExp(`^cases of ${runId}/held-out/winner$`, 'm'));
});
