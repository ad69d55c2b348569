import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDirsRemovedAfter } from '../../../test/support/temp-dirs.ts';
import { commitAll, git } from '../testing.ts';
import { gitHandle } from '../trees.ts';
import { IndexReader, loadManifest, type Manifest, updateIndex } from '../version-index.ts';
import { contentsOf, freshIndex, writePrompts } from './testing.ts';

const temp = tempDirsRemovedAfter();
const fixture = fileURLToPath(new URL('./killed-update.fixture.ts', import.meta.url));

/** The index folder holds exactly what the manifest names: no orphan bucket, marker or temporary file. */
function assertClean(dir: string, m: Manifest): void {
  const names = readdirSync(`${dir}/.evohub/version-index`).sort();
  assert.deepEqual(names, [...m.buckets, m.paths, 'manifest.json'].sort());
}

describe('an index update killed with SIGKILL', () => {
  test('leaves the old index or the new one, never a mix, and its left-overs are removed', async () => {
    const dir = temp.repo();
    writePrompts(dir, 0, 200);
    const base = commitAll(dir, 'many', '2026-01-01T00:00:00Z');
    writePrompts(dir, 0, 10, 2, ' old');
    const oldTip = commitAll(dir, 'old side', '2026-01-02T00:00:00Z');
    await updateIndex(gitHandle(dir), dir, null, oldTip, [], { gitBinary: true });
    const saved = temp.dir();
    cpSync(`${dir}/.evohub`, saved, { recursive: true });
    // A force-push: the update drops the old side and adds the new one, rewriting most buckets.
    git(dir, 'reset', '-q', '--hard', base);
    writePrompts(dir, 5, 25, 3, ' new');
    const newTip = commitAll(dir, 'new side', '2026-01-03T00:00:00Z');
    const expected = new Map<string, unknown>();
    for (const tip of [oldTip, newTip]) {
      expected.set(tip, await contentsOf(await freshIndex(dir, tip, true, temp.dir())));
    }

    const points = ['open:1', 'open:4', 'writeFile:1', 'open:9', 'rename:1', 'renamed:1', 'rm:1', 'rm:3'];
    const seen = new Set<string>();
    for (const point of points) {
      rmSync(`${dir}/.evohub`, { recursive: true, force: true });
      cpSync(saved, `${dir}/.evohub`, { recursive: true });
      const r = spawnSync(process.execPath, [fixture, dir, newTip], {
        env: { ...process.env, KILL_AT: point },
        encoding: 'utf8',
      });
      assert.equal(r.signal, 'SIGKILL', `killed at ${point} (${r.stderr})`);
      // The next open: a whole index, old or new.
      const m = (await loadManifest(dir)) as Manifest;
      assert.ok(m, `a manifest after a kill at ${point}`);
      seen.add(m.tip === newTip ? 'new' : 'old');
      assert.deepEqual(
        await contentsOf(new IndexReader(dir, m)),
        expected.get(m.tip),
        `index after ${point}`,
      );
      if (m.tip === newTip) assertClean(dir, m);
      const now = await updateIndex(gitHandle(dir), dir, new IndexReader(dir, m), newTip, [], {
        gitBinary: true,
      });
      assert.deepEqual(await contentsOf(now), expected.get(newTip), `updated after ${point}`);
      assertClean(dir, now.manifest);
    }
    assert.deepEqual([...seen].sort(), ['new', 'old'], 'kills both before and after the manifest swap');
  });
});
