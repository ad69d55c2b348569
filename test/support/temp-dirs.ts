import { after } from 'node:test';
import { removeDir, tempDir, tempRepo } from '../../adapters/git/testing.ts';

/**
 * Temporary folders and git repositories (adapters/git/testing.ts) that are removed when the test file, or the
 * suite it is called in, ends.
 */
export function tempDirsRemovedAfter(): { dir(prefix?: string): string; repo(): string } {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  const kept = (dir: string) => {
    dirs.push(dir);
    return dir;
  };
  return { dir: (prefix) => kept(tempDir(prefix)), repo: () => kept(tempRepo()) };
}
