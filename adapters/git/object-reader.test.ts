import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { ObjectReader, parseCommit, parseTree } from './object-reader.ts';
import { commitAll, git, write } from './testing.ts';

const temp = tempDirsRemovedAfter();

function oidOf(type: string, data: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]))
    .digest('hex');
}

test('reads every object of a repository after git gc --aggressive (delta chains) and loose ones after it', async () => {
  const dir = temp.repo();
  let text = '';
  for (let i = 0; i < 40; i++) {
    text += `line ${i}: ${'lorem ipsum '.repeat(i % 7)}\n`;
    write(dir, 'prompts/a.prompt.yml', `version: ${i}\n${text}`);
    write(dir, `other/${i % 5}.txt`, `file ${i}\n`);
    commitAll(dir, `commit ${i}\n\nbody ${i}`);
  }
  git(dir, 'tag', '-a', 'v1', '-m', 'annotated');
  git(dir, 'gc', '-q', '--aggressive', '--prune=now');
  write(dir, 'loose.txt', 'after gc\n');
  commitAll(dir, 'loose');
  const all = git(dir, 'cat-file', '--batch-all-objects', '--batch-check')
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  assert.ok(all.length > 100);
  for (const wholePacks of [false, true]) {
    const reader = new ObjectReader(`${dir}/.git`, { wholePacks });
    for (const [oid, type] of all) {
      const obj = await reader.read(oid as string);
      assert.equal(obj.type, type, oid);
      assert.equal(oidOf(obj.type, obj.data), oid, `content of ${type} ${oid} (wholePacks ${wholePacks})`);
    }
    await assert.rejects(reader.read('0'.repeat(40)), /not found/);
  }
});

test('parses commits and trees as git prints them', async () => {
  const dir = temp.repo();
  write(dir, 'a/b.txt', 'b\n');
  write(dir, 'c.txt', 'c\n');
  commitAll(dir, 'first', '2026-02-03T04:05:06Z');
  write(dir, 'c.txt', 'c2\n');
  const head = commitAll(dir, 'second\n\nwith body', '2026-02-04T00:00:00Z');
  const reader = new ObjectReader(`${dir}/.git`);
  const c = parseCommit((await reader.read(head)).data);
  assert.equal(c.tree, git(dir, 'rev-parse', 'HEAD^{tree}').trim());
  assert.deepEqual(c.parents, [git(dir, 'rev-parse', 'HEAD^').trim()]);
  assert.deepEqual(c.author, { name: 'Ada Tester', email: 'ada@example.com', timestamp: 1770163200 });
  assert.equal(c.message, 'second\n\nwith body\n');
  const tree = parseTree((await reader.read(c.tree)).data);
  assert.deepEqual(
    tree.map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.path}`).join('\n'),
    git(dir, 'ls-tree', 'HEAD')
      .trim()
      .replace(/^40000 /gm, '040000 '),
  );
});
