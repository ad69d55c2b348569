import assert from 'node:assert/strict';
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { commitAll, git, promptYaml, write } from './testing.ts';
import { gitHandle } from './trees.ts';
import { contentsOf, freshIndex, writePrompts } from './version-index/testing.ts';
import { updateIndex } from './version-index.ts';

const temp = tempDirsRemovedAfter();

/** A history with what the index must get right: merges, deletions, mode-only changes, skipped folders. */
function trickyHistory(): { dir: string; tip: string } {
  const dir = temp.repo();
  write(dir, 'a.prompt.yml', promptYaml(1, 'a one'));
  write(dir, 'deep/er/b.prompt.yaml', promptYaml(1, 'b one'));
  write(dir, 'node_modules/x/c.prompt.yml', promptYaml(1, 'ignored'));
  commitAll(dir, 'first', '2026-01-01T00:00:00Z');
  git(dir, 'checkout', '-q', '-b', 'side');
  write(dir, 'a.prompt.yml', promptYaml(2, 'a two'));
  commitAll(dir, 'a on side', '2026-01-02T00:00:00Z');
  git(dir, 'checkout', '-q', 'main');
  write(dir, 'deep/er/b.prompt.yaml', promptYaml(2, 'b two'));
  write(dir, 'node_modules/x/c.prompt.yml', promptYaml(2, 'ignored'));
  commitAll(dir, 'b on main', '2026-01-03T00:00:00Z');
  git(dir, 'merge', '-q', '--no-edit', 'side');
  chmodSync(path.join(dir, 'a.prompt.yml'), 0o755);
  commitAll(dir, 'mode only', '2026-01-04T00:00:00Z');
  rmSync(path.join(dir, 'deep/er/b.prompt.yaml'));
  write(dir, 'c.prompt.yml', 'not: [valid yaml');
  const tip = commitAll(dir, 'delete b, add c', '2026-01-05T00:00:00Z');
  return { dir, tip };
}

async function everything(dir: string, gitBinary: boolean, tip: string) {
  return contentsOf(await freshIndex(dir, tip, gitBinary));
}

describe('the version index builders', () => {
  test('git log and the JavaScript walk give the same index', async () => {
    const { dir, tip } = trickyHistory();
    const fast = await everything(dir, true, tip);
    const walk = await everything(dir, false, tip);
    assert.deepEqual(fast, walk);
    assert.deepEqual(fast.paths, ['a.prompt.yml', 'c.prompt.yml', 'deep/er/b.prompt.yaml']);
    assert.deepEqual(
      fast.all['deep/er/b.prompt.yaml']?.map((e) => e[2]),
      [null, 2, 1],
      'deleted, then the versions before',
    );
    assert.deepEqual(
      fast.history[0]?.map((e) => [e.commit.message, e.version]),
      [
        ['a on side\n', 2],
        ['first\n', 1],
      ],
      'the merge and the mode-only change are not versions',
    );
  });

  test('incremental updates equal a full build, and rewrite only the buckets they touch', async () => {
    const dir = temp.repo();
    writePrompts(dir, 0, 80);
    const c1 = commitAll(dir, 'many', '2026-01-01T00:00:00Z');
    const h = gitHandle(dir);
    const first = await updateIndex(h, dir, null, c1, [], { gitBinary: true });
    assert.ok(first.manifest.buckets.length >= 2, 'several buckets');
    // What a crash between writing new buckets and swapping the manifest leaves: files no manifest names.
    writeFileSync(path.join(dir, '.evohub/version-index/b0-crashed.json'), '{"prompts": {');
    assert.deepEqual(
      (await first.history('p3.prompt.yml')).map((e) => e.version),
      [1],
      'the old index still answers',
    );
    write(dir, 'p3.prompt.yml', promptYaml(2, 'p3 two'));
    const c2 = commitAll(dir, 'p3', '2026-01-02T00:00:00Z');
    const second = await updateIndex(h, dir, first, c2, [], { gitBinary: true });
    const changed = second.manifest.buckets.filter((b, n) => b !== first.manifest.buckets[n]);
    assert.equal(changed.length, 1);
    assert.equal(
      readdirSync(path.join(dir, '.evohub/version-index')).length,
      second.manifest.buckets.length + 2,
    );
    const incremental = { paths: await second.paths(), all: await second.all() };
    const full = await everything(dir, true, c2);
    assert.deepEqual(incremental, { paths: full.paths, all: full.all });
    assert.deepEqual(
      (await second.history('p3.prompt.yml')).map((e) => e.version),
      [2, 1],
    );
  });

  test('a shallow clone indexes from its boundary with either builder', async () => {
    const { dir } = trickyHistory();
    const clone = temp.dir();
    git(clone, 'clone', '-q', '--depth', '2', `file://${dir}`, '.');
    const tip = git(clone, 'rev-parse', 'HEAD').trim();
    const fast = await everything(clone, true, tip);
    assert.deepEqual(fast, await everything(clone, false, tip));
    assert.equal(fast.history.flat().length > 0, true);
  });

  test('the paths one prompt name denotes are found in one bucket', async () => {
    const dir = temp.repo();
    writePrompts(dir, 0, 100);
    write(dir, 'a/twin.prompt.yml', promptYaml(1, 'a'));
    write(dir, 'b/twin.prompt.yaml', promptYaml(1, 'b'));
    const tip = commitAll(dir, 'many', '2026-01-01T00:00:00Z');
    const index = await updateIndex(gitHandle(dir), dir, null, tip, [], { gitBinary: true });
    assert.ok(index.manifest.buckets.length >= 4);
    assert.deepEqual(await index.pathsNamed('twin'), ['a/twin.prompt.yml', 'b/twin.prompt.yaml']);
    assert.deepEqual(await index.pathsNamed('b/twin.prompt.yaml'), ['b/twin.prompt.yaml']);
    assert.deepEqual(await index.pathsNamed('p42'), ['p42.prompt.yml']);
    assert.deepEqual(await index.pathsNamed('nothing'), []);
  });
});
