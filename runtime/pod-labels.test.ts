import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePodLabels, variantFromPodLabels } from './pod-labels.ts';

test('the downward-API labels file is parsed, quoted values included', () => {
  assert.deepEqual(parsePodLabels('app="bot"\nvariant="canary"\nodd="a \\"q\\""\nbroken=x\n'), {
    app: 'bot',
    variant: 'canary',
    odd: 'a "q"',
  });
});

test('the variant follows the pod label when the file changes, re-reading at most every maxAgeMs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-podinfo-'));
  try {
    const file = join(dir, 'labels');
    let now = 0;
    const variant = variantFromPodLabels({ file, maxAgeMs: 1000, now: () => now });
    assert.equal(variant(), 'stable', 'no file yet: the fallback');
    await writeFile(file, 'app="bot"\nvariant="canary"\n');
    assert.equal(variant(), 'stable', 'cached until maxAgeMs passes');
    now = 1000;
    assert.equal(variant(), 'canary');
    await writeFile(file, 'app="bot"\nvariant="stable"\n');
    now = 2500;
    assert.equal(variant(), 'stable', 'promoted: relabelled as stable');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
