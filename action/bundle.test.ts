/**
 * The committed bundle (action/dist/, what `uses: <owner>/evohub/action@<ref>` runs) is exactly what
 * scripts/build-action.ts makes from the current sources: rebuilt into a temp folder and compared file by file.
 * After changing anything the Action imports, run `npm run build:action` and commit action/dist/.
 */
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAction } from '../scripts/build-action.ts';
import { tempDirsRemovedAfter } from '../test/support/temp-dirs.ts';

const temp = tempDirsRemovedAfter();
const committed = fileURLToPath(new URL('./dist/', import.meta.url));

test('action/dist is up to date with the sources (npm run build:action)', async () => {
  const fresh = join(temp.dir('evohub-action-bundle-'), 'dist');
  await buildAction(fresh);
  const list = (dir: string) => globSync('**/*', { cwd: dir, withFileTypes: false }).sort();
  const files = list(fresh);
  assert.ok(files.includes('index.js'));
  assert.deepEqual(list(committed), files, 'stale action/dist: run `npm run build:action` and commit it');
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    assert.ok(
      readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))),
      `action/dist/${f} differs from a fresh build: run \`npm run build:action\` and commit action/dist/`,
    );
  }
});
