import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ForgeError } from '../../core/errors.ts';
import { createLocalForge } from './local-forge.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function forgeIn(): { root: string; proposals: string; forge: ReturnType<typeof createLocalForge> } {
  const root = mkdtempSync(path.join(tmpdir(), 'evohub-local-forge-'));
  dirs.push(root);
  const proposals = path.join(root, '.evohub', 'proposals');
  return { root, proposals, forge: createLocalForge({ root, resolveBranch: async () => null }) };
}

test('no proposals folder means no proposals; a missing one is "not found"', async () => {
  const { forge } = forgeIn();
  assert.equal(await forge.findOpenPullRequest('evohub/x/1'), null);
  await assert.rejects(
    forge.getPullRequest(1),
    (e: unknown) => e instanceof ForgeError && e.failure === 'not-found',
  );
});

test('a corrupt proposal record is named, not read as absent', async () => {
  const { proposals, forge } = forgeIn();
  mkdirSync(proposals, { recursive: true });
  writeFileSync(path.join(proposals, '1.json'), '{"number": 1, "head": ');
  await assert.rejects(forge.getPullRequest(1), (e: unknown) => {
    assert.ok(e instanceof ForgeError && e.failure === 'validation');
    assert.match(e.message, /1\.json is not a proposal record/);
    return true;
  });
  await assert.rejects(forge.findOpenPullRequest('evohub/x/1'), /1\.json is not a proposal record/);
});

test('a proposal record that cannot be read is an error, not "not found"', async () => {
  const { proposals, forge } = forgeIn();
  // A directory in place of the record: reading it fails (EISDIR) as an unreadable file does.
  mkdirSync(path.join(proposals, '2.json'), { recursive: true });
  await assert.rejects(forge.getPullRequest(2), (e: Error & { code?: string }) => e.code === 'EISDIR');
});
