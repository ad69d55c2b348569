/** A private redis-server on a port of its own, for tests that stop and restart Redis under a run. */
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from './helpers.ts';

/** Starts `redis-server --port <port> --save '' <args…>` and resolves once it answers PING (an AOF is loaded). */
export async function startRedisServer(port: number, args: readonly string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', ...args], { stdio: 'ignore' });
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  await waitFor('redis-server up', async () => {
    try {
      if (probe.status !== 'ready') await probe.connect();
      // Loading an AOF answers -LOADING; ready means the data is back.
      return (await probe.ping()) === 'PONG';
    } catch {
      probe.disconnect();
      return false;
    }
  });
  probe.disconnect();
  return child;
}

/** Stops it with `signal` (SIGTERM flushes the AOF, as Kubernetes stops a pod; SIGKILL loses what is unsynced). */
export async function stopRedisServer(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
