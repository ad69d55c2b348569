import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { commitAll, git, removeDir, tempDir, tempRepo, write } from '../../adapters/git/testing.ts';
import { changedPromptFiles } from '../../core/pr/changed-prompts.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import { readPullRequestEvent, repoFromEnv, writeOutputs } from '../shared/github-env.ts';

describe('changedPromptFiles', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) removeDir(d);
  });

  it('lists modified, added and deleted prompt files between two commits, ignoring identical ones', async () => {
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'prompts/a.prompt.yml', 'name: a\n');
    write(dir, 'prompts/b.prompt.yaml', 'name: b\n');
    write(dir, 'prompts/gone.prompt.yml', 'name: gone\n');
    write(dir, 'other/c.prompt.yml', 'name: c\n');
    const base = commitAll(dir, 'base');
    write(dir, 'prompts/a.prompt.yml', 'name: a2\n');
    write(dir, 'prompts/new.prompt.yml', 'name: new\n');
    write(dir, 'other/c.prompt.yml', 'name: c2\n');
    write(dir, 'README.md', 'not a prompt\n');
    git(dir, 'rm', '-q', 'prompts/gone.prompt.yml');
    const head = commitAll(dir, 'head', '2026-01-02T00:00:00Z');
    const repo = await openGitRepository(dir);
    assert.deepEqual(await changedPromptFiles(repo, base, head), [
      { path: 'other/c.prompt.yml', change: 'modified' },
      { path: 'prompts/a.prompt.yml', change: 'modified' },
      { path: 'prompts/gone.prompt.yml', change: 'deleted' },
      { path: 'prompts/new.prompt.yml', change: 'added' },
    ]);
    assert.deepEqual(
      (await changedPromptFiles(repo, base, head, ['prompts/*.prompt.yml'])).map((c) => c.path),
      ['prompts/a.prompt.yml', 'prompts/gone.prompt.yml', 'prompts/new.prompt.yml'],
    );
  });
});

describe('GitHub Actions environment', () => {
  const dir = tempDir('evohub-ci-env-');
  after(() => removeDir(dir));

  it('reads a pull_request event and tells a fork apart', async () => {
    const file = path.join(dir, 'event.json');
    const side = (ref: string, sha: string, repo: string) => ({ ref, sha, repo: { full_name: repo } });
    writeFileSync(
      file,
      JSON.stringify({
        pull_request: {
          number: 7,
          base: side('main', 'a'.repeat(40), 'o/r'),
          head: side('f', 'b'.repeat(40), 'x/r'),
        },
      }),
    );
    const ev = await readPullRequestEvent({ GITHUB_EVENT_PATH: file });
    assert.equal(ev.number, 7);
    assert.equal(ev.fromFork, true);
    assert.equal(ev.head.repoFullName, 'x/r');
    writeFileSync(file, JSON.stringify({ ref: 'refs/heads/main' }));
    await assert.rejects(readPullRequestEvent({ GITHUB_EVENT_PATH: file }), /not a pull_request event/);
    await assert.rejects(readPullRequestEvent({}), /GITHUB_EVENT_PATH is not set/);
    assert.deepEqual(repoFromEnv({ GITHUB_REPOSITORY: 'acme/prompts' }), { owner: 'acme', repo: 'prompts' });
    assert.throws(() => repoFromEnv({}), /GITHUB_REPOSITORY is not set/);
  });

  it('writes outputs, multi-line values in the heredoc form', async () => {
    const out = path.join(dir, 'out');
    writeFileSync(out, '');
    await writeOutputs({ GITHUB_OUTPUT: out }, { verdict: 'regression', table: 'a\nb' });
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^verdict=regression\ntable<<(EOF_[\w-]+)\na\nb\n\1\n$/);
  });

  it('`evohub ci pr` outside a pull_request job is a usage error (exit 2)', async () => {
    const m = memoryContext(dir, {});
    assert.equal(await runCli(['ci', 'pr'], m.ctx), 2);
    assert.match(m.stderr(), /GITHUB_EVENT_PATH is not set/);
  });
});
