/**
 * Fixture for control-plane.e2e.test.ts: starts a control plane, reports it, then never calls stop(). With
 * `crash` it dies of an uncaught error; with `forget` it just ends. Either way the process must exit by itself
 * and its exit hook must kill both servers and remove the temp dir.
 */
import { startControlPlane } from './index.ts';

const cp = await startControlPlane({ readyTimeoutMs: 300_000 });
process.stdout.write(`${JSON.stringify({ dir: cp.dir, pids: cp.pids })}\n`);
if (process.argv[2] === 'crash') throw new Error('simulated test crash');
