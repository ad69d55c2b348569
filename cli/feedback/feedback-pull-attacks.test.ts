/**
 * `evohub feedback pull` against hostile sources and flags, in-process on the classification template: a bad
 * line is an error at its file and line, an oversized case is refused at its line, escape sequences recorded in
 * production never reach the terminal raw (and stay exact in --json), bad --since values are usage errors, and a
 * dataset path leading out of the repository or through a symbolic link is refused before anything is written.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_CASE_BYTES } from '../../adapters/feedback/file-feedback.ts';
import { cli } from '../../test/git-http/cli.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const ATTACK = '\x1b]0;PWNED\x07\x1b[2J';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const FILE = '.evohub/feedback.jsonl';

let work: string;
let dir: string;
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'evohub-feedback-attacks-'));
  dir = join(work, 'prompts');
  const init = await run(['init', dir, '--template', 'classification'], work);
  assert.equal(init.code, 0, init.err);
  mkdirSync(join(dir, '.evohub'), { recursive: true });
});
after(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[], cwd = dir) {
  const m = memoryContext(cwd, { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com' });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

const line = (id: string, ticket: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ id, time: new Date().toISOString(), prompt: 'ticket-triage', version: 1, variables: { ticket }, ...extra })}\n`;

test('a line that is not JSON is an error naming the file and line; its bytes are not echoed raw', async () => {
  writeFileSync(join(dir, FILE), `${line('a', 'hello')}${line('b', 'world')}{"id":"${ATTACK}\n`);
  const r = await run(['feedback', 'pull', '--dry-run']);
  assert.equal(r.code, 1);
  assert.match(r.err, /feedback\.jsonl:3: not a JSON object/);
  assert.doesNotMatch(r.err, RAW);
});

test('a case over 1 MiB is refused at its line; a large one under the limit is pulled', async () => {
  const words = 'the export screen crashes again after the update ';
  const large = words.repeat(Math.floor((MAX_CASE_BYTES - 500) / words.length));
  writeFileSync(join(dir, FILE), line('large', large));
  const ok = await run(['feedback', 'pull', '--dry-run', '--json']);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(JSON.parse(ok.out).added, 1);

  appendFileSync(join(dir, FILE), line('huge', 'x'.repeat(MAX_CASE_BYTES)));
  appendFileSync(join(dir, FILE), line('after', 'never read'));
  const r = await run(['feedback', 'pull', '--dry-run']);
  assert.equal(r.code, 1);
  assert.match(r.err, /feedback\.jsonl:2: a case of more than 1 MiB/);
});

test('escape sequences in ids, prompts, reasons and inputs print inertly; --json keeps them exact', async () => {
  writeFileSync(
    join(dir, FILE),
    line(`id${ATTACK}`, `my screen went black ${ATTACK} after login`, { reason: `bad${ATTACK}` }) +
      line('other', 'x', { prompt: `nope${ATTACK}` }),
  );
  const text = await run(['feedback', 'pull', '--dry-run']);
  assert.equal(text.code, 0, text.err);
  assert.doesNotMatch(text.out + text.err, RAW);
  assert.match(text.out, /- other \(nope\\x1b\]0;PWNED\\x07\\x1b\[2J\): no such prompt/);
  const json = await run(['feedback', 'pull', '--dry-run', '--json']);
  assert.doesNotMatch(json.out, RAW);
  const res = JSON.parse(json.out);
  assert.equal(res.plan.additions[0].rows[0].ticket, `my screen went black ${ATTACK} after login`);
  assert.equal(res.plan.skipped[0].prompt, `nope${ATTACK}`);
});

test('--since that is negative, not a number, too far back or a day that does not exist: exit 2 naming it', async () => {
  writeFileSync(join(dir, FILE), line('a', 'hello'));
  for (const since of ['-5h', 'NaN', 'Infinityd', '99999999999999d', '2026-02-30', '2026-13-01']) {
    const r = await run(['feedback', 'pull', '--dry-run', '--since', since]);
    assert.equal(r.code, 2, `${since}: ${r.err}`);
    assert.match(r.err, /--since must be a duration/, since);
  }
});

test('a dataset out of the repository or through a symbolic link is refused; nothing is committed', async () => {
  writeFileSync(join(dir, FILE), line('s1', 'A brand new case about exports'));
  const outside = join(work, 'outside.jsonl');
  writeFileSync(outside, '');
  const prompt = join(dir, 'prompts/ticket-triage.prompt.yml');
  const branches = async () => (await cli(dir, 'branch', '--list')).trim();
  const before = await branches();

  // The committed dataset itself is a link to a file outside the repository.
  rmSync(join(dir, 'datasets/ticket-triage.jsonl'));
  symlinkSync(outside, join(dir, 'datasets/ticket-triage.jsonl'));
  await cli(dir, 'commit', '-qam', 'dataset as a link');
  let r = await run(['feedback', 'pull', '--forge', 'local']);
  assert.equal(r.code, 1, r.err);
  assert.match(
    r.err,
    /prompts\/ticket-triage\.prompt\.yml: dataset datasets\/ticket-triage\.jsonl is a symbolic link/,
  );

  // A directory on the way is a link.
  await cli(dir, 'rm', '-q', 'datasets/ticket-triage.jsonl');
  mkdirSync(join(work, 'elsewhere'), { recursive: true });
  symlinkSync(join(work, 'elsewhere'), join(dir, 'linked'));
  writeFileSync(
    prompt,
    (await cli(dir, 'show', 'HEAD:prompts/ticket-triage.prompt.yml')).replace(
      'testData: ../datasets/ticket-triage.jsonl',
      'testData: ../linked/cases.jsonl',
    ),
  );
  await cli(dir, 'add', '-A');
  await cli(dir, 'commit', '-qm', 'dataset under a linked directory');
  r = await run(['feedback', 'pull', '--forge', 'local']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /goes through the symbolic link linked:/);

  // Plainly outside.
  writeFileSync(
    prompt,
    (await cli(dir, 'show', 'HEAD:prompts/ticket-triage.prompt.yml')).replace(
      'testData: ../linked/cases.jsonl',
      'testData: ../../outside.jsonl',
    ),
  );
  await cli(dir, 'commit', '-qam', 'dataset outside');
  r = await run(['feedback', 'pull', '--forge', 'local']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /dataset \.\.\/\.\.\/outside\.jsonl is outside the repository/);

  assert.equal(await branches(), before, 'no feedback branch was created');
});
