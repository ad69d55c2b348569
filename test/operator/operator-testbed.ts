import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1Job,
} from '@kubernetes/client-node';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { commitTemplateCopy } from '../../adapters/git/testing.ts';
import { redisPrefixOf } from '../../core/operator/names.ts';
import type { EvolutionRun, OperatorSettings } from '../../core/operator/types.ts';
import { EVALUATION_QUEUE } from '../../evaluator/queue/job.ts';
import { deleteKeys } from '../../evaluator/redis/connection.ts';
import { type RunningOperator, startOperator } from '../../operator/operator.ts';
import type { Logger } from '../../operator/reconciler.ts';
import {
  applyManifestFile,
  type ControlPlane,
  startControlPlane,
  waitForCrdEstablished,
} from '../control-plane/index.ts';
import { argoCrds } from '../support/argo-crds.ts';
import { type KubeletHarness, startKubeletHarness } from './kubelet-harness.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const crds = await argoCrds();
export const ENTRY = join(ROOT, 'cli/bin.ts');
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const PROMPT = 'prompts/ticket-triage.prompt.yml';

export const PROPOSAL = '.evohub/proposals/1.json';

/** Registers the control plane's before/after hooks in the calling test file; returns its helpers. */
export function operatorTestbed() {
  let cp: ControlPlane;
  let redis: Redis;
  let repoUrl: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  /** The repository the runs clone: the classification template committed on main. */
  function promptRepository(): string {
    const dir = mkdtempSync(join(tmpdir(), 'evohub-operator-repo-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    commitTemplateCopy(join(ROOT, 'templates/classification'), dir);
    return `file://${dir}`;
  }

  before(async () => {
    repoUrl = promptRepository();
    cp = await startControlPlane();
    await applyManifestFile(cp.kubeConfig, join(ROOT, 'charts/evohub/crds/evolutionruns.evohub.io.yaml'));
    await waitForCrdEstablished(cp.kubeConfig, 'evolutionruns.evohub.io');
    // The minimal upstream Argo Workflows CRD, for executor: argo-workflow (that test skips without it).
    if (crds.dir) {
      await applyManifestFile(cp.kubeConfig, crds.file('argo-workflows/argoproj.io_workflows.minimal.yaml'));
      await waitForCrdEstablished(cp.kubeConfig, 'workflows.argoproj.io');
    }
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    redis?.disconnect();
    await cp?.stop();
  });

  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    if (process.env.EVOHUB_TEST_LOG)
      process.stderr.write(`${level} ${msg} ${JSON.stringify(fields ?? {})}\n`);
  };
  const quiet: Logger = { info: log('info'), warn: log('warn'), error: log('error') };

  function settings(): OperatorSettings {
    return {
      image: 'evohub:test',
      gitImage: 'alpine/git:test',
      redisUrl: REDIS_URL,
      jobsPerWorker: 2,
      workerConcurrency: 2,
      cleanupGraceSeconds: 2, // the harness stops a deleted Job's processes within ~150 ms
    };
  }

  async function until<T>(
    what: string,
    fn: () => Promise<T | undefined | false>,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (v !== undefined && v !== false) return v as T;
      } catch (err) {
        last = err;
      }
      await delay(100);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
  }

  async function namespace(): Promise<string> {
    const name = `t-${randomBytes(4).toString('hex')}`;
    const core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedSecret({
      namespace: name,
      body: { metadata: { name: 'provider-keys' }, stringData: { OPENAI_API_KEY: 'sk-test-not-real' } },
    });
    return name;
  }

  async function operator(
    ns: string,
    id: string,
    kubeConfig: KubeConfig = cp.kubeConfig,
    watchWorkflows = false,
  ): Promise<RunningOperator> {
    const op = await startOperator({
      watchWorkflows,
      kubeConfig,
      redis,
      settings: settings(),
      namespace: ns,
      id,
      leaderElection: { namespace: ns, leaseDurationSeconds: 3, retryPeriodMs: 250 },
      metricsPort: 0,
      metricsHost: '127.0.0.1',
      resyncMs: 2_000,
      logger: quiet,
    });
    cleanups.push(() => op.stop());
    return op;
  }

  function harness(ns: string): KubeletHarness {
    const h = startKubeletHarness({
      kubeConfig: cp.kubeConfig,
      namespace: ns,
      entry: ENTRY,
      cwd: ROOT,
      // The commit's author: a pod has no git identity (evolve falls back to its own otherwise).
      baseEnv: { PATH: process.env.PATH ?? '', GIT_AUTHOR_NAME: 'evohub', GIT_AUTHOR_EMAIL: 'evohub@e.st' },
    });
    cleanups.push(() => h.stop());
    return h;
  }

  function evolutionRun(ns: string, name: string, generations = 2): Record<string, unknown> {
    return {
      apiVersion: 'evohub.io/v1alpha1',
      kind: 'EvolutionRun',
      metadata: { name, namespace: ns },
      spec: {
        repository: { url: repoUrl, ref: 'main' },
        promptPath: PROMPT,
        algorithm: {
          name: 'nsga2',
          population: 4,
          generations,
          seed: 1,
          objectives: [{ name: 'exact-label' }],
        },
        budget: { maxEvaluations: 1000 },
        providerKeySecret: { name: 'provider-keys', keys: ['OPENAI_API_KEY'] },
        workers: { min: 1, max: 3 },
      },
    };
  }

  const api = () => cp.kubeConfig.makeApiClient(CustomObjectsApi);
  const batch = () => cp.kubeConfig.makeApiClient(BatchV1Api);

  async function createRun(ns: string, body: Record<string, unknown>): Promise<EvolutionRun> {
    return (await api().createNamespacedCustomObject({
      group: 'evohub.io',
      version: 'v1alpha1',
      namespace: ns,
      plural: 'evolutionruns',
      body,
    })) as EvolutionRun;
  }

  async function getRun(ns: string, name: string): Promise<EvolutionRun | undefined> {
    try {
      return (await api().getNamespacedCustomObject({
        group: 'evohub.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'evolutionruns',
        name,
      })) as EvolutionRun;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  }

  async function jobs(ns: string): Promise<V1Job[]> {
    return (await batch().listNamespacedJob({ namespace: ns })).items;
  }

  async function cleanRedis(run: EvolutionRun): Promise<void> {
    const prefix = redisPrefixOf(run);
    cleanups.push(() => deleteKeys(redis, prefix));
  }

  /** Holds a run mid-way for real: BullMQ's pause stops the workers taking the run's evaluations. */
  async function pauseQueue(prefix: string, paused: boolean): Promise<void> {
    const queue = new Queue(EVALUATION_QUEUE, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
    try {
      await (paused ? queue.pause() : queue.resume());
    } finally {
      await queue.close();
    }
  }

  return {
    get cp(): ControlPlane {
      return cp;
    },
    get redis(): Redis {
      return redis;
    },
    get repoUrl(): string {
      return repoUrl;
    },
    cleanups,
    quiet,
    settings,
    until,
    namespace,
    operator,
    harness,
    evolutionRun,
    api,
    batch,
    createRun,
    getRun,
    jobs,
    cleanRedis,
    pauseQueue,
  };
}
