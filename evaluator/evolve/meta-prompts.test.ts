import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../core/errors.ts';
import { loadMetaPrompts } from './meta-prompts.ts';

const dir = mkdtempSync(join(tmpdir(), 'evohub-meta-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('built-in templates, overridden per kind from .evohub/meta-prompts or a configured folder', async () => {
  const builtin = await loadMetaPrompts(dir);
  assert.match(builtin.reflect, /^evohub-operator: reflect$/m);
  assert.match(builtin.de, /^evohub-operator: crossover$/m);
  mkdirSync(join(dir, '.evohub', 'meta-prompts'), { recursive: true });
  writeFileSync(
    join(dir, '.evohub', 'meta-prompts', 'rewrite.md'),
    'evohub-operator: rewrite\nMine: {{prompts}}\n',
  );
  const repo = await loadMetaPrompts(dir);
  assert.equal(repo.rewrite, 'evohub-operator: rewrite\nMine: {{prompts}}\n');
  assert.equal(repo.reflect, builtin.reflect);
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, 'meta', 'opro.md'), 'no header {{prompts}}\n');
  await assert.rejects(
    loadMetaPrompts(dir, 'meta'),
    (e: unknown) => e instanceof ConfigError && /opro\.md/.test(e.message),
  );
});
