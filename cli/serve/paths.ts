/** Where `evohub serve` keeps its files, and where it finds the pages and the vendored chart library. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVOHUB_DIR } from '../../core/fs/evohub-dir.ts';

export const keysFile = (root: string) => path.join(root, EVOHUB_DIR, 'serve-keys.json');
export const auditFile = (root: string) => path.join(root, EVOHUB_DIR, 'audit.jsonl');
export const decisionLogFile = (root: string) => path.join(root, EVOHUB_DIR, 'gate-decisions.jsonl');

/** `server/web` beside this package's code (the same relative place in the source tree and in dist/). */
export const webDir = () => fileURLToPath(new URL('../../server/web', import.meta.url));

/** The nearest node_modules above this package's code that holds the chart library. */
export function nodeModulesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'node_modules');
    if (existsSync(path.join(candidate, 'echarts'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return candidate;
    dir = up;
  }
}
