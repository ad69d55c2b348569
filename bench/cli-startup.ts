/**
 * Start-up of the INSTALLED CLI: `npm pack`, an offline install into a fresh project (test/packaging/install.ts),
 * then 10 fresh processes of `evohub --help` (the installed bin on the pinned Node 24), p50 against the goal of
 * 150 ms, beside the p50 of a bare `node -e 0` on the same machine (what no CLI can go below). Prints ONE JSON
 * line.
 *
 *   npx node bench/cli-startup.ts [--project <dir with node_modules/evohub installed>] [--runs 10]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packAndInstall } from '../test/packaging/install.ts';

const { values } = parseArgs({
  options: { project: { type: 'string' }, runs: { type: 'string', default: '10' } },
});
const runs = Number(values.runs);

function timeRun(args: string[], cwd: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const installed = values.project ? undefined : packAndInstall();
const project = values.project ?? (installed?.project as string);
try {
  const bin = join(project, 'node_modules/.bin/evohub');
  const help = Array.from({ length: runs }, () => timeRun([bin, '--help'], project));
  const bare = Array.from({ length: runs }, () => timeRun(['-e', '0'], project));
  const p50Ms = Math.round(p50(help));
  console.log(
    JSON.stringify({
      bench: 'cli-startup',
      command: 'evohub --help (installed package)',
      runs,
      p50Ms,
      firstRunMs: Math.round(help[0] as number),
      bareNodeP50Ms: Math.round(p50(bare)),
      overBareNodeMs: Math.round(p50(help) - p50(bare)),
      goalMs: 150,
      goalMet: p50Ms < 150,
      ...(installed
        ? {
            tarball: {
              bytes: installed.pack.size,
              unpackedBytes: installed.pack.unpackedSize,
              files: installed.pack.entryCount,
            },
          }
        : {}),
    }),
  );
} finally {
  if (installed) rmSync(installed.root, { recursive: true, force: true });
}
