/**
 * Where scripts/testenv/build.sh caches etcd, kube-apiserver and helm, keyed by the versions in
 * scripts/testenv/versions.env, and building them when they are missing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type TestenvBinaries = { etcd: string; kubeApiserver: string; helm: string };
export type TestenvVersions = { kube: string; etcd: string; helm: string };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_SCRIPT = join(REPO_ROOT, 'scripts/testenv/build.sh');

export function readVersions(env: NodeJS.ProcessEnv = process.env): TestenvVersions {
  const text = readFileSync(join(REPO_ROOT, 'scripts/testenv/versions.env'), 'utf8');
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (m?.[1] && m[2]) values.set(m[1], m[2]);
  }
  const pick = (name: string): string => {
    const v = env[`EVOHUB_${name}`] || values.get(name);
    if (!v) throw new Error(`scripts/testenv/versions.env has no ${name}`);
    return v;
  };
  return { kube: pick('KUBE_VERSION'), etcd: pick('ETCD_VERSION'), helm: pick('HELM_VERSION') };
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVOHUB_TESTENV_CACHE || join(env.HOME || homedir(), '.cache/evohub-testenv');
}

export function binaryPaths(env: NodeJS.ProcessEnv = process.env): TestenvBinaries {
  const v = readVersions(env);
  const dir = cacheDir(env);
  return {
    etcd: join(dir, `etcd-${v.etcd}`, 'etcd'),
    kubeApiserver: join(dir, `kube-apiserver-${v.kube}`, 'kube-apiserver'),
    helm: join(dir, `helm-${v.helm}`, 'helm'),
  };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binaries' paths, building the missing ones with scripts/testenv/build.sh first (normally `npm test`'s
 * provision step has built them already; a cold build takes many minutes).
 */
export function ensureBinaries(
  names: readonly (keyof TestenvBinaries)[] = ['etcd', 'kubeApiserver', 'helm'],
  env: NodeJS.ProcessEnv = process.env,
): TestenvBinaries {
  const paths = binaryPaths(env);
  const missing = names.filter((n) => !executable(paths[n]));
  if (missing.length > 0) {
    const targets = missing.map((n) => (n === 'kubeApiserver' ? 'kube-apiserver' : n));
    const r = spawnSync('bash', [BUILD_SCRIPT, ...targets], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0)
      throw new Error(`scripts/testenv/build.sh ${targets.join(' ')} failed (exit ${r.status})`);
  }
  return paths;
}
