/**
 * A real Kubernetes control plane for tests (the envtest approach): etcd and kube-apiserver built from Go modules
 * by scripts/testenv/build.sh, started on loopback on free ports with a temp data dir, token auth, RBAC, a
 * self-signed serving certificate and service-account signing keys. No kubelet, no controllers: objects are
 * stored and validated, nothing runs.
 *
 *   const cp = await startControlPlane();
 *   after(() => cp.stop());
 *   const core = cp.kubeConfig.makeApiClient(CoreV1Api);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from '../support/free-port.ts';
import { ensureBinaries } from './binaries.ts';
import { writeServiceAccountKeys, writeServingCert } from './certs.ts';

export { binaryPaths, ensureBinaries, readVersions } from './binaries.ts';
export { applyManifestFile, crdEstablished, loadManifests, waitForCrdEstablished } from './manifests.ts';

export type ControlPlaneUser = { name: string; token: string; groups: string[] };

export type ControlPlane = {
  /** kubeconfig with contexts `admin` (current; group system:masters) and `user` (no RBAC grants). */
  kubeconfigPath: string;
  /** The admin's KubeConfig (loaded from kubeconfigPath). */
  kubeConfig: KubeConfig;
  /** A KubeConfig for the low-privilege user `evohub-user`, for RBAC tests. */
  userKubeConfig: KubeConfig;
  /** https://127.0.0.1:<port> */
  server: string;
  admin: ControlPlaneUser;
  user: ControlPlaneUser;
  /** Temp dir holding data, certs and logs (removed by stop()). */
  dir: string;
  /** Process ids (each the leader of its own process group). */
  pids: { etcd: number; kubeApiserver: number };
  /** Stops both processes (their whole process groups) and removes the temp dir; safe to call twice. */
  stop(): Promise<void>;
};

export type StartOptions = {
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /readyz (default 180 s: a loaded 2-core machine starts kube-apiserver slowly). */
  readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, e.g. ['--feature-gates=...']. */
  apiserverArgs?: string[];
  /** Keep the temp dir (logs) after stop(), for debugging. */
  keepDir?: boolean;
};

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts a detached process (its own process group, so stop() kills everything it spawned) logging to a file.
 * Unref'd: a test that forgets stop() must not hang its process; the exit hook then kills the group.
 */
function startProcess(bin: string, args: string[], logPath: string, env: NodeJS.ProcessEnv): ChildProcess {
  const fd = openSync(logPath, 'a');
  try {
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], env });
    child.unref();
    child.on('error', () => {
      // reported through waitReady's exit check
    });
    return child;
  } finally {
    closeSync(fd); // the child has its own copy
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const timer = new AbortController();
  try {
    return await Promise.race([
      once(child, 'exit').then(() => true),
      delay(timeoutMs, false, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort(); // do not keep the process alive for the rest of the timeout
  }
}

function httpsGet(url: string, ca: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function waitReady(
  url: string,
  ca: string,
  token: string,
  procs: { name: string; child: ChildProcess; log: string }[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    for (const p of procs) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}):\n${tail(p.log)}`);
      }
    }
    try {
      const res = await httpsGet(`${url}/readyz`, ca, token);
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${res.body.slice(0, 500)}`;
    } catch (err) {
      last = String(err);
    }
    await delay(250);
  }
  throw new Error(`kube-apiserver not ready after ${timeoutMs} ms (${last}):\n${tail(procs[1]?.log ?? '')}`);
}

function kubeconfigYaml(server: string, caPem: string, users: ControlPlaneUser[]): string {
  const ca = Buffer.from(caPem).toString('base64');
  const contexts = [
    { context: 'admin', user: users[0] },
    { context: 'user', user: users[1] },
  ];
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'evohub-test', cluster: { server, 'certificate-authority-data': ca } }],
      users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
      contexts: contexts.map((c) => ({
        name: c.context,
        context: { cluster: 'evohub-test', user: c.user?.name, namespace: 'default' },
      })),
      'current-context': 'admin',
    },
    null,
    2,
  );
}

/** Starts etcd + kube-apiserver and resolves once /readyz answers 200. */
export async function startControlPlane(options: StartOptions = {}): Promise<ControlPlane> {
  const env = options.env ?? process.env;
  const bins = ensureBinaries(['etcd', 'kubeApiserver'], env);
  const dir = mkdtempSync(join(tmpdir(), 'evohub-cp-'));
  const procs: { name: string; child: ChildProcess; log: string }[] = [];
  let stopped = false;

  const cleanupSync = (): void => {
    for (const p of procs) killGroup(p.child, 'SIGKILL');
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without calling stop() must not leave servers behind.
  const onExit = (): void => cleanupSync();
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    // kube-apiserver first, so it does not log etcd connection errors while shutting down.
    for (const p of [...procs].reverse()) {
      killGroup(p.child, 'SIGTERM');
      if (!(await waitExit(p.child, 10_000))) {
        killGroup(p.child, 'SIGKILL');
        await waitExit(p.child, 5_000);
      }
    }
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const cert = writeServingCert(dir);
    const sa = writeServiceAccountKeys(dir);
    const admin: ControlPlaneUser = {
      name: 'evohub-admin',
      token: randomBytes(24).toString('hex'),
      groups: ['system:masters'],
    };
    const user: ControlPlaneUser = {
      name: 'evohub-user',
      token: randomBytes(24).toString('hex'),
      groups: [],
    };
    const tokenFile = join(dir, 'tokens.csv');
    // token,user,uid,"group1,group2"
    writeFileSync(
      tokenFile,
      [admin, user].map((u) => `${u.token},${u.name},${randomUUID()},"${u.groups.join(',')}"`).join('\n') +
        '\n',
      { mode: 0o600 },
    );

    const [clientPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    const etcdLog = join(dir, 'etcd.log');
    procs.push({
      name: 'etcd',
      log: etcdLog,
      child: startProcess(
        bins.etcd,
        [
          '--name=default',
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
          `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
          // Test data is thrown away: skip fsync, it is the slowest part of etcd on a shared disk.
          '--unsafe-no-fsync',
          '--log-level=warn',
        ],
        etcdLog,
        env,
      ),
    });

    const server = `https://127.0.0.1:${apiPort}`;
    const apiLog = join(dir, 'kube-apiserver.log');
    procs.push({
      name: 'kube-apiserver',
      log: apiLog,
      child: startProcess(
        bins.kubeApiserver,
        [
          `--etcd-servers=${etcdUrl}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          // The endpoint reconciler refuses loopback addresses, and no Pod ever reaches the `kubernetes` Service.
          '--endpoint-reconciler-type=none',
          `--secure-port=${apiPort}`,
          `--cert-dir=${join(dir, 'certs')}`,
          `--tls-cert-file=${cert.certPath}`,
          `--tls-private-key-file=${cert.keyPath}`,
          `--token-auth-file=${tokenFile}`,
          '--authorization-mode=RBAC',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${sa.publicKeyPath}`,
          `--service-account-signing-key-file=${sa.privateKeyPath}`,
          // Only allocated on paper: no Service traffic ever leaves loopback.
          '--service-cluster-ip-range=10.0.0.0/24',
          '--allow-privileged=true',
          // No controller-manager creates the default ServiceAccount, so its admission would reject every Pod.
          '--disable-admission-plugins=ServiceAccount',
          '--profiling=false',
          ...(options.apiserverArgs ?? []),
        ],
        apiLog,
        env,
      ),
    });

    await waitReady(server, cert.certPem, admin.token, procs, options.readyTimeoutMs ?? 180_000);

    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, cert.certPem, [admin, user]), { mode: 0o600 });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const userKubeConfig = new KubeConfig();
    userKubeConfig.loadFromFile(kubeconfigPath);
    userKubeConfig.setCurrentContext('user');
    const pids = { etcd: procs[0]?.child.pid ?? 0, kubeApiserver: procs[1]?.child.pid ?? 0 };
    return { kubeconfigPath, kubeConfig, userKubeConfig, server, admin, user, dir, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
