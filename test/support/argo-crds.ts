/**
 * The one place tests find the upstream Argo CRDs (Argo Rollouts, the Argo CD Application, the minimal Argo
 * Workflows CRD), in this order:
 *   1. `EVOHUB_ARGO_CRDS` (a directory laid out like FILES below; .ci/run points it at ../shared/crds),
 *   2. `../shared/crds` beside the repository,
 *   3. a pinned download of the upstream files (sha256-checked) into a cache outside the repository,
 *   4. otherwise a skip reason: one line saying what is missing and how to provide it.
 * The download fails fast (a short timeout on the first file) so machines without internet skip quickly.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const ROLLOUTS =
  'https://raw.githubusercontent.com/argoproj/argo-rollouts/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d';
const ARGO_CD = 'https://raw.githubusercontent.com/argoproj/argo-cd/37ee0097cf851bc2dd7665fc081bbce61a7e836e';
const WORKFLOWS =
  'https://raw.githubusercontent.com/argoproj/argo-workflows/f016ad89eb269d282aec06dc491c29f396a38df4';

/** The files the tests use: path inside the CRD directory, upstream URL, sha256 of the upstream bytes. */
export const ARGO_CRD_FILES = [
  {
    path: 'argo-rollouts/analysis-run-crd.yaml',
    url: `${ROLLOUTS}/manifests/crds/analysis-run-crd.yaml`,
    sha256: '2c310d2e07539a196564e4c4e60f2b3530460541437e48175a3d38e646aeda79',
  },
  {
    path: 'argo-rollouts/analysis-template-crd.yaml',
    url: `${ROLLOUTS}/manifests/crds/analysis-template-crd.yaml`,
    sha256: '5e25e2bdd3851b75707732207e4d79ddd4ebdb69f95cf058cf539f0186678948',
  },
  {
    path: 'argo-rollouts/cluster-analysis-template-crd.yaml',
    url: `${ROLLOUTS}/manifests/crds/cluster-analysis-template-crd.yaml`,
    sha256: '2e5b2f1760de6bdd7b954717bb1ba5c1183288e408fbb670706b5c84393f14e9',
  },
  {
    path: 'argo-rollouts/experiment-crd.yaml',
    url: `${ROLLOUTS}/manifests/crds/experiment-crd.yaml`,
    sha256: 'a5dcd79b08bcfdd0c134cf8ca2ccd2e347a13864256c3e3a4748407ac0ad4b4d',
  },
  {
    path: 'argo-rollouts/rollout-crd.yaml',
    url: `${ROLLOUTS}/manifests/crds/rollout-crd.yaml`,
    sha256: '4c4f84b29ee91ea5ca8f86b2f019f168f2091821a661b78e3cb3d0dc0f9baf1d',
  },
  {
    path: 'argo-cd/application-crd.yaml',
    url: `${ARGO_CD}/manifests/crds/application-crd.yaml`,
    sha256: '9fd0da3e7097ad6d1af614fabd5c960bc7ddb00d768c3ef485a2fda6e9460df8',
  },
  {
    path: 'argo-workflows/argoproj.io_workflows.minimal.yaml',
    url: `${WORKFLOWS}/manifests/base/crds/minimal/argoproj.io_workflows.yaml`,
    sha256: '358d5f18eefbef7fca670b13ab0948cfd35deee6a1d0ed62260f5abf810bc3bb',
  },
] as const;

export type ArgoCrdPath = (typeof ARGO_CRD_FILES)[number]['path'];

/** Either a directory holding every file of ARGO_CRD_FILES, or why there is none. */
export type ArgoCrds =
  | { dir: string; source: string; file: (path: ArgoCrdPath) => string; skip?: undefined }
  | { skip: string; dir?: undefined };

export type ArgoCrdOptions = {
  env?: NodeJS.ProcessEnv;
  repoRoot?: string;
  fetch?: typeof fetch;
  /** Timeout of each download; the first failure stops the download. */
  timeoutMs?: number;
};

function missingIn(dir: string): string[] {
  return ARGO_CRD_FILES.map((f) => f.path).filter((p) => !existsSync(join(dir, p)));
}

function found(dir: string, source: string): ArgoCrds {
  return { dir, source, file: (path) => join(dir, path) };
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  // Keyed by the pinned hashes so a new pin never reuses old files.
  const key = createHash('sha256')
    .update(ARGO_CRD_FILES.map((f) => f.sha256).join(','))
    .digest('hex')
    .slice(0, 12);
  return join(base, 'evohub-argo-crds', key);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function cachedValid(dir: string): boolean {
  return ARGO_CRD_FILES.every((f) => {
    const p = join(dir, f.path);
    return existsSync(p) && sha256(readFileSync(p)) === f.sha256;
  });
}

/** Downloads every pinned file into dir (atomically, hash-checked); throws on the first failure. */
async function download(dir: string, doFetch: typeof fetch, timeoutMs: number): Promise<void> {
  for (const f of ARGO_CRD_FILES) {
    const target = join(dir, f.path);
    if (existsSync(target) && sha256(readFileSync(target)) === f.sha256) continue;
    const res = await doFetch(f.url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`${f.url}: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const got = sha256(bytes);
    if (got !== f.sha256) throw new Error(`${f.url}: sha256 ${got}, pinned ${f.sha256}`);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  }
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

export async function argoCrds(options: ArgoCrdOptions = {}): Promise<ArgoCrds> {
  const env = options.env ?? process.env;
  const root = options.repoRoot ?? REPO_ROOT;
  const fromEnv = env.EVOHUB_ARGO_CRDS;
  if (fromEnv) {
    const dir = resolve(root, fromEnv);
    const missing = missingIn(dir);
    // An explicit setting that is wrong is an error, not a silent skip.
    if (missing.length > 0) throw new Error(`EVOHUB_ARGO_CRDS=${fromEnv} lacks ${missing.join(', ')}`);
    return found(dir, 'EVOHUB_ARGO_CRDS');
  }
  const shared = resolve(root, '../shared/crds');
  if (missingIn(shared).length === 0) return found(shared, '../shared/crds');
  const cache = cacheDir(env);
  if (cachedValid(cache)) return found(cache, `download cache ${cache}`);
  try {
    await download(cache, options.fetch ?? fetch, options.timeoutMs ?? 5000);
    return found(cache, `downloaded into ${cache}`);
  } catch (error) {
    return {
      skip:
        `upstream Argo CRDs not available (no EVOHUB_ARGO_CRDS, no ${shared}, download failed: ${reason(error)}); ` +
        'set EVOHUB_ARGO_CRDS to a directory with the files listed in test/support/argo-crds.ts',
    };
  }
}
