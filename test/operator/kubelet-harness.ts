/**
 * Plays the kubelet (and the Job controller) for the test control plane, which has neither: it polls the Jobs
 * the operator manages, runs each Job's container as a local process — `node <entry> <container args>` with
 * the container's env (secretKeyRef values read from the real Secrets) — keeps `spec.parallelism` processes for
 * a work-queue Job (one for a plain Job), and writes the Job's status as the Job controller would: active,
 * succeeded, failed, startTime, completionTime and the Complete / Failed conditions (with SuccessCriteriaMet /
 * FailureTarget first, which the API server requires). Killing processes when parallelism drops or the Job
 * is deleted. `entry` is cli/bin.ts for the real commands or test/operator/job-double.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import {
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Container,
  type V1Job,
  type V1JobCondition,
} from '@kubernetes/client-node';

export type HarnessOptions = {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Script run with the container's args (its image's entrypoint is `evohub`). */
  entry: string;
  /** The node binary (Node 24). */
  node?: string;
  cwd: string;
  /** Extra environment of every process (PATH etc.). */
  baseEnv?: Record<string, string>;
  pollMs?: number;
};

type Pod = { child: ChildProcess; exit: Promise<number> };
type JobState = {
  uid: string;
  pods: Set<Pod>;
  succeeded: number;
  failed: number;
  startTime: Date;
  finished: boolean;
  written?: string;
};

export type KubeletHarness = {
  /** Processes started so far per Job name (a restarted operator must not make the harness run more). */
  started(): Record<string, number>;
  running(jobName: string): number;
  stop(): Promise<void>;
};

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function startKubeletHarness(o: HarnessOptions): KubeletHarness {
  const batch = o.kubeConfig.makeApiClient(BatchV1Api);
  const core = o.kubeConfig.makeApiClient(CoreV1Api);
  const states = new Map<string, JobState>();
  const started: Record<string, number> = {};
  let stopped = false;

  async function envOf(container: V1Container): Promise<Record<string, string>> {
    const env: Record<string, string> = { ...(o.baseEnv ?? {}) };
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.name && ref.key) {
        const secret = await core.readNamespacedSecret({ name: ref.name, namespace: o.namespace });
        const data = secret.data?.[ref.key];
        if (data !== undefined) env[e.name] = Buffer.from(data, 'base64').toString('utf8');
      }
    }
    return env;
  }

  async function startPod(job: V1Job, state: JobState): Promise<void> {
    const container = job.spec?.template.spec?.containers[0];
    if (!container) return;
    const env = await envOf(container);
    const child = spawn(o.node ?? process.execPath, [o.entry, ...(container.args ?? [])], {
      cwd: o.cwd,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    const pod: Pod = { child, exit };
    state.pods.add(pod);
    const name = job.metadata?.name ?? '';
    started[name] = (started[name] ?? 0) + 1;
    void exit.then((code) => {
      state.pods.delete(pod);
      if (child.killed) return; // stopped by the harness (scale down, deletion): neither success nor failure
      if (code === 0) state.succeeded++;
      else state.failed++;
    });
  }

  function stopPods(state: JobState, n: number): void {
    for (const pod of [...state.pods].slice(0, n)) pod.child.kill('SIGTERM');
  }

  async function writeStatus(job: V1Job, state: JobState): Promise<void> {
    const now = new Date();
    const completions = job.spec?.completions;
    // A plain Job (the API server defaults completions to 1) completes after its successes; a work-queue Job
    // (completions unset) once one pod has succeeded and none runs.
    const complete = state.succeeded >= (completions ?? 1) && state.pods.size === 0;
    const failed = !complete && state.failed > (job.spec?.backoffLimit ?? 6);
    const conditions: V1JobCondition[] = [];
    if (complete || failed) {
      state.finished = true;
      const [target, final, reason] = complete
        ? ['SuccessCriteriaMet', 'Complete', 'CompletionsReached']
        : ['FailureTarget', 'Failed', 'BackoffLimitExceeded'];
      for (const type of [target, final]) {
        conditions.push({
          type,
          status: 'True',
          reason,
          message: reason,
          lastProbeTime: now,
          lastTransitionTime: now,
        });
      }
    }
    const status: Record<string, unknown> = {
      active: state.pods.size,
      ready: state.pods.size,
      succeeded: state.succeeded,
      failed: state.failed,
      // Immutable once set, and stored with second precision.
      startTime: job.status?.startTime ?? new Date(Math.floor(state.startTime.getTime() / 1000) * 1000),
      ...(conditions.length > 0 ? { conditions } : {}),
      ...(complete ? { completionTime: new Date(Math.floor(now.getTime() / 1000) * 1000) } : {}),
    };
    await batch.patchNamespacedJobStatus(
      { name: job.metadata?.name ?? '', namespace: o.namespace, body: { status } },
      mergePatch,
    );
  }

  async function syncOnce(): Promise<void> {
    const jobs = await batch.listNamespacedJob({
      namespace: o.namespace,
      labelSelector: 'app.kubernetes.io/managed-by=evohub-operator',
    });
    const seen = new Set<string>();
    for (const job of jobs.items) {
      const name = job.metadata?.name ?? '';
      const uid = job.metadata?.uid ?? '';
      seen.add(name);
      let state = states.get(name);
      if (!state || state.uid !== uid) {
        state = { uid, pods: new Set(), succeeded: 0, failed: 0, startTime: new Date(), finished: false };
        states.set(name, state);
      }
      if (job.metadata?.deletionTimestamp) {
        stopPods(state, state.pods.size);
        continue;
      }
      if (!state.finished) {
        const completions = job.spec?.completions;
        const parallelism = job.spec?.parallelism ?? 1;
        const remaining =
          completions === undefined ? (state.succeeded > 0 ? 0 : parallelism) : completions - state.succeeded;
        const want = Math.max(0, Math.min(parallelism, remaining));
        for (let i = state.pods.size; i < want; i++) await startPod(job, state);
        if (state.pods.size > want) stopPods(state, state.pods.size - want);
      }
      const signature = JSON.stringify([state.pods.size, state.succeeded, state.failed]);
      if (signature !== state.written) {
        try {
          await writeStatus(job, state);
          state.written = signature;
        } catch (err) {
          // the Job may be going away; the next round sees it
          if (process.env.EVOHUB_TEST_LOG)
            process.stderr.write(
              `harness: status of ${name}: ${String((err as { body?: unknown }).body ?? err)}\n`,
            );
        }
      }
    }
    for (const [name, state] of states) {
      if (!seen.has(name)) {
        stopPods(state, state.pods.size);
        states.delete(name);
      }
    }
  }

  // A test process that dies without calling stop() must not leave Job processes behind.
  const onExit = (): void => {
    for (const state of states.values()) for (const pod of state.pods) pod.child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const loop = (async () => {
    while (!stopped) {
      try {
        await syncOnce();
      } catch {
        // API briefly unavailable: try again next round
      }
      await delay(o.pollMs ?? 150);
    }
  })();

  return {
    started: () => ({ ...started }),
    running: (name) => states.get(name)?.pods.size ?? 0,
    stop: async () => {
      stopped = true;
      process.removeListener('exit', onExit);
      await loop;
      const exits: Promise<number>[] = [];
      for (const state of states.values()) {
        for (const pod of state.pods) {
          pod.child.kill('SIGTERM');
          exits.push(pod.exit);
        }
      }
      // A process that ignores SIGTERM is killed after a grace period, as the kubelet does.
      const grace = setTimeout(() => {
        for (const state of states.values()) for (const pod of state.pods) pod.child.kill('SIGKILL');
      }, 5_000);
      await Promise.all(exits);
      clearTimeout(grace);
    },
  };
}
