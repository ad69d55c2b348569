import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { openGitRepository } from '../adapters/git/isomorphic-git-repository.ts';
import { commitAll, git, promptYaml, removeDir, tempDir, tempRepo, write } from '../adapters/git/testing.ts';
import { writeConfigMapDir } from '../test/gate/configmap-dir.ts';
import { loadPrompt } from './load-prompt.ts';

test('a prompt is loaded from a ConfigMap-style mount and follows the ..data swap of an update', async () => {
  const dir = tempDir('evohub-cm-');
  try {
    await writeConfigMapDir(
      dir,
      { 'triage.prompt.yml': promptYaml(3, 'Classify the ticket.') },
      '2026_01_01_a',
    );
    const v3 = await loadPrompt({ dir, name: 'triage' });
    assert.equal(v3.name, 'triage');
    assert.equal(v3.version, '3');
    assert.equal(v3.source, join(dir, 'triage.prompt.yml'));
    assert.deepEqual(v3.render({ input: 'my printer is on fire' }), [
      { role: 'system', content: 'Classify the ticket.\n' },
      { role: 'user', content: 'my printer is on fire' },
    ]);
    assert.throws(() => v3.render({}), /unknown template variable \{\{input\}\}/);

    // The kubelet writes a new snapshot and swaps ..data; the next load sees the new version.
    await writeConfigMapDir(
      dir,
      { 'triage.prompt.yml': promptYaml(4, 'Classify the ticket; be brief.') },
      '2026_01_01_b',
    );
    const v4 = await loadPrompt({ dir, name: 'triage' });
    assert.equal(v4.version, '4');
    assert.match(v4.data.messages[0]?.content ?? '', /be brief/);
  } finally {
    removeDir(dir);
  }
});

test('a key not named after the prompt is found by its name: field; unversioned files get a content version', async () => {
  const dir = tempDir('evohub-cm-');
  try {
    const text = 'name: greeter\nmessages:\n  - role: user\n    content: "Hello {{who}}"\n';
    await writeConfigMapDir(dir, { 'greeting-v2.prompt.yaml': text, 'other.prompt.yml': '{ broken' }, 'x');
    const p = await loadPrompt({ dir, name: 'greeter' });
    assert.match(p.version, /^sha-[0-9a-f]{12}$/);
    assert.deepEqual(p.render({ who: 'Ada' }), [{ role: 'user', content: 'Hello Ada' }]);
    await assert.rejects(loadPrompt({ dir, name: 'nobody' }), /no prompt named nobody/);
  } finally {
    removeDir(dir);
  }
});

test('an invalid prompt file is a located error; a missing directory is a clear one', async () => {
  const dir = tempDir('evohub-cm-');
  try {
    await mkdir(join(dir, 'plain'));
    await writeFile(join(dir, 'plain', 'bad.prompt.yml'), 'messages:\n  - role: robot\n    content: hi\n');
    await assert.rejects(loadPrompt({ dir: join(dir, 'plain'), name: 'bad' }), (e: Error) => {
      assert.match(
        e.message + String((e as { userMessage?: () => string }).userMessage?.()),
        /bad\.prompt\.yml:2/,
      );
      return true;
    });
    await assert.rejects(loadPrompt({ dir: join(dir, 'absent'), name: 'x' }), /cannot be read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a prompt is loaded at a git ref of a real repository', async () => {
  const repoDir = tempRepo();
  try {
    write(repoDir, 'prompts/triage.prompt.yml', promptYaml(1, 'First.'));
    commitAll(repoDir, 'v1');
    git(repoDir, 'tag', 'v1');
    write(repoDir, 'prompts/triage.prompt.yml', promptYaml(2, 'Second.'));
    commitAll(repoDir, 'v2', '2026-01-02T00:00:00Z');
    const repo = await openGitRepository(repoDir);
    const old = await loadPrompt({ repo, ref: 'v1', name: 'triage' });
    assert.equal(old.version, '1');
    assert.equal(old.source, 'v1:prompts/triage.prompt.yml');
    const head = await loadPrompt({ repo, ref: 'main', name: 'triage' });
    assert.equal(head.version, '2');
    await assert.rejects(loadPrompt({ repo, ref: 'no-such-ref', name: 'triage' }), /names no commit/);
    await assert.rejects(
      loadPrompt({ repo, ref: 'main', name: 'other' }),
      /no prompt file other\.prompt\.yml/,
    );
  } finally {
    removeDir(repoDir);
  }
});
