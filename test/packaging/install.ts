/**
 * `npm pack` of this repository (prepack builds dist/) and an OFFLINE install of the tarball into a fresh
 * project, as a user would install it, for the packaging test and bench/cli-startup.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAppProject } from '../../scripts/app-project.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type PackInfo = {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
};
export type Installed = {
  /** Temp folder holding the tarball, the project and the `node` shim; remove it when done. */
  root: string;
  project: string;
  tarball: string;
  pack: PackInfo;
  /** PATH whose `node` is the repository's pinned Node 24 (the bin's `#!/usr/bin/env node` finds it). */
  path: string;
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A PATH that resolves `node` to the Node running this process (the repository's pinned Node 24). */
export function pinnedNodePath(root: string): string {
  const bin = join(root, 'node-bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, 'node'));
  return `${bin}:${process.env.PATH ?? ''}`;
}

export function packAndInstall(): Installed {
  const root = mkdtempSync(join(tmpdir(), 'evohub-pack-'));
  const path = pinnedNodePath(root);
  const env = { ...process.env, PATH: path };
  const out = run('npm', ['pack', '--pack-destination', root, '--json'], REPO_ROOT, env);
  // npm prints the prepack build's output before the JSON.
  const pack = (JSON.parse(out.slice(out.indexOf('[\n'))) as PackInfo[])[0] as PackInfo;
  const tarball = join(root, pack.filename);
  const project = join(root, 'project');
  writeAppProject(tarball, project, { dev: true });
  run('npm', ['install', '--offline', '--no-audit', '--no-fund'], project, env);
  return { root, project, tarball, pack, path };
}
