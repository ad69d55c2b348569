/**
 * Plays the kubelet (and the Job controller) for the test control plane, which has neither: it polls the Jobs
 * the operator manages and runs each pod as local processes, keeping `spec.parallelism` pods for a work-queue
 * Job (one for a plain Job). A pod gets its own directory; every volume mount of its containers is a
 * subdirectory of it (an emptyDir: shared by the pod's containers, gone with the pod), and the mount paths are
 * substituted in the containers' args, env values and workingDir (`/workspace` → `<pod>/workspace`, HOME
 * `/tmp` → `<pod>/tmp`). Then:
 *   - each init container's `command` + `args` run as they are (e.g. `sh -c 'git … clone … /workspace'`), in order;
 *     a failing one fails the pod;
 *   - the main container runs as `node <entry> <args>` (the image's entrypoint is `evohub`: entry is cli/bin.ts),
 *     in its workingDir (else `cwd`), with its env (secretKeyRef values read from the real Secrets).
 * Each container's stdout and stderr go to `<pod dir>/<container name>.log` (kubectl logs, in effect).
 * It writes the Job's status as the Job controller would: active, succeeded, failed, startTime, completionTime
 * and the Complete / Failed conditions (with SuccessCriteriaMet / FailureTarget first, which the API server
 * requires). It stops processes (SIGTERM) when parallelism drops or the Job is deleted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** Script run with the main container's args (its image's entrypoint is `evohub`). */
  entry: string;
  /** The node binary (Node 24). */
  node?: string;
  cwd: string;
  /** Extra environment of every process (PATH etc.). */
  baseEnv?: Record<string, string>;
  pollMs?: number;
};

/** The process running now (init container, then the main one); `stopped` once the harness stops it. */
type Pod = { dir: string; child: ChildProcess | undefined; stopped: boolean; exit: Promise<number> };
type Mounts = { path: string; dir: string }[];

/** A container path under a mount, as the pod's directory (also inside a shell command line). */
export function mapPath(value: string, mounts: Mounts): string {
  if (mounts.length === 0) return value;
  // One pass over all mount paths (longest first), so a replacement is never replaced again.
  const sorted = [...mounts].sort((x, y) => y.path.length - x.path.length);
  const alternatives = sorted.map((m) => m.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return value.replace(
    new RegExp(`(?<![\\w./-])(${alternatives})(?=$|[/\\s"'])`, 'g'),
    (path) => sorted.find((m) => m.path === path)?.dir ?? path,
  );
}

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
  /** Pods started so far per Job name (a restarted operator must not make the harness run more). */
  started(): Record<string, number>;
  /**
   * The directory of each pod of a Job, oldest first: a mount `/a/b` is `<dir>/a_b`, a container's output is
   * `<dir>/<container name>.log`. Removed by stop().
   */
  podDirs(jobName: string): string[];
  /** Kills a Job's running pods as a node crash would (SIGKILL; the Job counts a failure and retries). */
  crash(jobName: string): void;
  running(jobName: string): number;
  stop(): Promise<void>;
};

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function startKubeletHarness(o: HarnessOptions): KubeletHarness {
  const batch = o.kubeConfig.makeApiClient(BatchV1Api);
  const core = o.kubeConfig.makeApiClient(CoreV1Api);
  const states = new Map<string, JobState>();
  const started: Record<string, number> = {};
  const dirs: Record<string, string[]> = {};
  const root = mkdtempSync(join(tmpdir(), 'evohub-kubelet-'));
  let stopped = false;

  async function envOf(container: V1Container, mounts: Mounts): Promise<Record<string, string>> {
    const env: Record<string, string> = { ...(o.baseEnv ?? {}) };
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = mapPath(e.value, mounts);
      const ref = e.valueFrom?.secretKeyRef;
      if (ref?.name && ref.key) {
        const secret = await core.readNamespacedSecret({ name: ref.name, namespace: o.namespace });
        const data = secret.data?.[ref.key];
        if (data !== undefined) env[e.name] = Buffer.from(data, 'base64').toString('utf8');
      }
    }
    return env;
  }

  /** A container's process; its stdout and stderr go to `<pod dir>/<container>.log`. Resolves with its exit code. */
  function run(
    pod: Pod,
    container: string,
    argv: string[],
    cwd: string,
    env: Record<string, string>,
  ): Promise<number> {
    const [cmd, ...args] = argv;
    const log = openSync(join(pod.dir, `${container}.log`), 'a');
    const child = spawn(cmd ?? 'false', args, { cwd, env, stdio: ['ignore', log, log] });
    closeSync(log);
    pod.child = child;
    return new Promise<number>((resolve) => {
      child.once('error', () => resolve(127));
      child.once('exit', (code) => resolve(code ?? 1));
    });
  }

  async function startPod(job: V1Job, state: JobState): Promise<void> {
    const spec = job.spec?.template.spec;
    const container = spec?.containers[0];
    if (!spec || !container) return;
    const name = job.metadata?.name ?? '';
    started[name] = (started[name] ?? 0) + 1;
    const dir = join(root, `${name}-${started[name]}`);
    dirs[name] = [...(dirs[name] ?? []), dir];
    const mounts: Mounts = [];
    for (const c of [...(spec.initContainers ?? []), container])
      for (const m of c.volumeMounts ?? [])
        if (!mounts.some((x) => x.path === m.mountPath))
          mounts.push({
            path: m.mountPath,
            dir: join(dir, m.mountPath.replace(/^\/+/, '').replace(/\//g, '_')),
          });
    for (const m of mounts) mkdirSync(m.dir, { recursive: true });
    // The Pod is placed before its processes start, so a scale-down or deletion meanwhile stops it.
    const pod: Pod = { dir, child: undefined, stopped: false, exit: Promise.resolve(0) };
    state.pods.add(pod);
    pod.exit = (async () => {
      for (const init of spec.initContainers ?? []) {
        const env = await envOf(init, mounts);
        const argv = [...(init.command ?? []), ...(init.args ?? [])].map((a) => mapPath(a, mounts));
        const code = await run(
          pod,
          init.name,
          argv,
          init.workingDir ? mapPath(init.workingDir, mounts) : dir,
          env,
        );
        if (code !== 0 || pod.stopped) return code || 1;
      }
      if (pod.stopped) return 1;
      const env = await envOf(container, mounts);
      const args = (container.args ?? []).map((a) => mapPath(a, mounts));
      const cwd = container.workingDir ? mapPath(container.workingDir, mounts) : o.cwd;
      return run(pod, container.name, [o.node ?? process.execPath, o.entry, ...args], cwd, env);
    })();
    void pod.exit.then((code) => {
      state.pods.delete(pod);
      if (pod.stopped) return; // stopped by the harness (scale down, deletion): neither success nor failure
      if (code === 0) state.succeeded++;
      else state.failed++;
    });
  }

  function stopPods(state: JobState, n: number): void {
    for (const pod of [...state.pods].slice(0, n)) {
      pod.stopped = true;
      pod.child?.kill('SIGTERM');
    }
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
    for (const state of states.values()) for (const pod of state.pods) pod.child?.kill('SIGKILL');
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
    podDirs: (name) => [...(dirs[name] ?? [])],
    crash: (name) => {
      for (const pod of states.get(name)?.pods ?? []) pod.child?.kill('SIGKILL');
    },
    running: (name) => states.get(name)?.pods.size ?? 0,
    stop: async () => {
      stopped = true;
      process.removeListener('exit', onExit);
      await loop;
      const exits: Promise<number>[] = [];
      for (const state of states.values()) {
        for (const pod of state.pods) {
          pod.stopped = true;
          pod.child?.kill('SIGTERM');
          exits.push(pod.exit);
        }
      }
      // A process that ignores SIGTERM is killed after a grace period, as the kubelet does.
      const grace = setTimeout(() => {
        for (const state of states.values()) for (const pod of state.pods) pod.child?.kill('SIGKILL');
      }, 5_000);
      await Promise.all(exits);
      clearTimeout(grace);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
