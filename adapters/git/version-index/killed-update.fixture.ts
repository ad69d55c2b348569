/**
 * Fixture for killed-update.test.ts, run as a child process: brings the version index of the repository at
 * argv[2] to the commit argv[3], and SIGKILLs itself at the point `KILL_AT` names (`<operation>:<n>`: just before
 * the n-th `open`, `writeFile`, `rename` or `rm` of a file under the index folder, or `renamed:<n>` just after
 * the n-th rename). File operations are wrapped, not the index code: no hook in what it tests.
 */
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const [dir, tip] = process.argv.slice(2) as [string, string];
const [killOp, killNth] = (process.env.KILL_AT ?? '').split(':');

function wrapFileOps(): void {
  const io = fsp as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const counts = new Map<string, number>();
  const reached = (op: string): boolean => {
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    return op === killOp && n === Number(killNth);
  };
  for (const op of ['open', 'writeFile', 'rename', 'rm']) {
    const original = io[op] as (...args: unknown[]) => Promise<unknown>;
    io[op] = async (...args: unknown[]) => {
      if (!String(args[0]).includes('/.evohub/version-index/')) return original(...args);
      if (reached(op)) process.kill(process.pid, 'SIGKILL');
      const result = await original(...args);
      if (op === 'rename' && reached('renamed')) process.kill(process.pid, 'SIGKILL');
      return result;
    };
  }
  // The index modules import these functions by name: make those bindings the wrapped ones.
  syncBuiltinESMExports();
}

wrapFileOps();
const { gitHandle } = await import('../trees.ts');
const { IndexReader, loadManifest, updateIndex } = await import('../version-index.ts');
const stored = await loadManifest(dir);
await updateIndex(gitHandle(dir), dir, stored && new IndexReader(dir, stored), tip, [], { gitBinary: true });
