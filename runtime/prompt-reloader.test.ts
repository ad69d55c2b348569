import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promptYaml, tempDir } from '../adapters/git/testing.ts';
import { writeConfigMapDir } from '../test/gate/configmap-dir.ts';
import { createPromptReloader } from './prompt-reloader.ts';

test('the reloader keeps the loaded prompt until the ConfigMap is updated, then serves the new version', async () => {
  const dir = tempDir('evohub-reload-');
  try {
    await writeConfigMapDir(dir, { 'triage.prompt.yml': promptYaml(1, 'One.') }, 'a');
    const reloader = createPromptReloader({ dir, name: 'triage' });
    const first = await reloader.get();
    assert.equal(first.version, '1');
    assert.equal(await reloader.get(), first, 'unchanged: the same object, no re-read');
    await writeConfigMapDir(dir, { 'triage.prompt.yml': 'messages: [ broken' }, 'b');
    await assert.rejects(reloader.get(), /YAML/);
    await writeConfigMapDir(dir, { 'triage.prompt.yml': promptYaml(2, 'Two.') }, 'c');
    const second = await reloader.get();
    assert.equal(second.version, '2');
    assert.equal(await reloader.get(), second);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a plain directory is loaded once; a failed load is retried', async () => {
  const dir = tempDir('evohub-reload-');
  try {
    const reloader = createPromptReloader({ dir, name: 'triage' });
    await assert.rejects(reloader.get(), /no prompt named triage/);
    await writeFile(join(dir, 'triage.prompt.yml'), promptYaml(5, 'Five.'));
    const p = await reloader.get();
    assert.equal(p.version, '5');
    assert.equal(await reloader.get(), p);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
