import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { createJournal } from '../../adapters/similarity/journal.ts';
import { currentSimilarityIndex, SIMILARITY_PATH } from '../../adapters/similarity/similarity-store.ts';
import { SIGNATURE_SIZE, signatureOf } from '../../core/similarity/index.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-similar-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: dir });

const prompt = (title: string, v: number, body: string) =>
  `name: ${title}\nversion: ${v}\nmodel: simulated/classification\nmessages:\n  - role: system\n    content: ${body}\n  - role: user\n    content: "{{input}}"\n`;

function commit(file: string, text: string): void {
  writeFileSync(join(dir, 'prompts', file), text);
  git('add', '-A');
  git('commit', '-qm', file);
}

async function run(args: string[]) {
  const m = memoryContext(dir);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

const triage =
  'You are a support assistant. Classify the customer ticket into billing, bug, feature or account and answer with one word.';

test('evohub similar ranks the near-copy first, one line per other prompt, and keeps its index current', async () => {
  git('init', '-q', '-b', 'main');
  execFileSync('mkdir', ['-p', join(dir, 'prompts')]);
  commit('triage.prompt.yml', prompt('Triage', 1, triage));
  commit('triage.prompt.yml', prompt('Triage', 2, `${triage} Be brief.`));
  commit(
    'routing.prompt.yml',
    prompt('Routing', 1, triage.replace('support assistant', 'routing assistant')),
  );
  commit(
    'haiku.prompt.yml',
    prompt('Haiku', 1, 'Write a haiku about the season named by the user, in English.'),
  );
  commit(
    'haiku.prompt.yml',
    prompt('Haiku', 2, 'Write a haiku about the season named by the user, in French.'),
  );

  const r = await run(['similar', 'triage@2', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.query.version, 2);
  assert.equal(j.indexed, 5);
  assert.deepEqual(
    j.results.map((x: { name: string }) => x.name),
    ['routing', 'haiku'],
  );
  assert.ok(j.results[0].similarity > j.results[1].similarity);
  const same = JSON.parse((await run(['similar', 'triage@2', '--same-prompt', '--top', '1', '--json'])).out);
  assert.deepEqual([same.results[0].name, same.results[0].version], ['triage', 1]);

  // Incremental: one new version is signed, the others come from the stored index.
  commit('routing.prompt.yml', prompt('Routing', 2, 'Route the ticket to a team.'));
  const repo = await openGitRepository(dir);
  const { added, count } = await currentSimilarityIndex(repo, dir);
  assert.equal(added, 1);
  assert.equal(count, 6);
  // A damaged index file is rebuilt, not an error.
  writeFileSync(join(dir, SIMILARITY_PATH), 'garbage');
  assert.equal((await currentSimilarityIndex(await openGitRepository(dir), dir)).added, 6);
  // An index another evohub version wrote is rebuilt, and the CLI says so.
  writeFileSync(join(dir, SIMILARITY_PATH), 'EVOHUB-SIMILARITY 1\n{"tip":"x"}\n');
  const old = await run(['similar', 'triage@2']);
  assert.equal(old.code, 0, old.err);
  assert.match(old.err, /it was in format 1, this evohub reads format 2/);
  assert.match(old.out, /routing@1 /);

  // A build killed half way resumes from its journal: rows already journaled are not signed again, and a torn
  // last record (the kill landed mid-write) is cut off.
  const blobs = execFileSync('git', ['rev-list', '--objects', '--all'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.endsWith('.prompt.yml'))
    .map((l) => l.split(' ')[0] as string);
  const journaled = [...new Set(blobs)].slice(0, 4);
  const texts = journaled.map((b) =>
    execFileSync('git', ['cat-file', 'blob', b], { cwd: dir, encoding: 'utf8' }),
  );
  const sigs = new Uint16Array(journaled.length * SIGNATURE_SIZE);
  for (const [i, t] of texts.entries()) sigs.set(signatureOf(t), i * SIGNATURE_SIZE);
  const journal = await createJournal(join(dir, '.evohub'));
  await journal.append(journaled.slice(0, 2), sigs.subarray(0, 2 * SIGNATURE_SIZE));
  await journal.close();
  const second = await createJournal(join(dir, '.evohub'));
  await second.append(journaled.slice(2), sigs.subarray(2 * SIGNATURE_SIZE));
  await second.close();
  appendFileSync(second.file, Buffer.alloc(50, 7));
  rmSync(join(dir, SIMILARITY_PATH));
  assert.equal((await currentSimilarityIndex(await openGitRepository(dir), dir)).added, 2);
  const left = readdirSync(join(dir, '.evohub')).filter((n) => n.endsWith('.journal'));
  assert.deepEqual(left, [], 'journals are removed once the index holds their rows');
  const resumed = JSON.parse((await run(['similar', 'triage@2', '--json'])).out);
  assert.deepEqual(resumed.results, j.results);

  const bad = await run(['similar', 'triage@2', '--top', '0']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--top must be a whole number/);
});
