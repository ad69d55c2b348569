/** Test helpers for the version index: a build from scratch and everything an index answers, to compare. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promptYaml, write } from '../testing.ts';
import { gitHandle } from '../trees.ts';
import { type IndexReader, readShallow, updateIndex } from '../version-index.ts';

/** Every path, every entry and every history (commit details included) the index holds. */
export async function contentsOf(index: IndexReader) {
  const paths = await index.paths();
  return { paths, all: await index.all(), history: await Promise.all(paths.map((p) => index.history(p))) };
}

/**
 * The index of `tip` built from scratch, stored under `root` (the repository itself by default, its stored
 * index deleted first).
 */
export async function freshIndex(
  dir: string,
  tip: string,
  gitBinary = true,
  root = dir,
): Promise<IndexReader> {
  rmSync(path.join(root, '.evohub'), { recursive: true, force: true });
  return updateIndex(gitHandle(dir), root, null, tip, await readShallow(`${dir}/.git`), { gitBinary });
}

/** Writes `p<i>.prompt.yml` at `version` for every i in [from, to). */
export function writePrompts(dir: string, from: number, to: number, version = 1, text = ''): void {
  for (let i = from; i < to; i++) write(dir, `p${i}.prompt.yml`, promptYaml(version, `p${i}${text}`));
}
