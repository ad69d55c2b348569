/**
 * Starts the test control plane by hand, for poking at it with kubectl or running the operator against it:
 *   npx node scripts/testenv/start.ts            # prints one JSON line {kubeconfigPath, server}, runs until Ctrl-C
 *   kubectl --kubeconfig <kubeconfigPath> get ns
 * Ctrl-C (or SIGTERM) stops etcd and kube-apiserver and removes the temp dir.
 */
import { startControlPlane } from '../../test/control-plane/index.ts';

const cp = await startControlPlane({ env: process.env });
process.stdout.write(
  `${JSON.stringify({ kubeconfigPath: cp.kubeconfigPath, server: cp.server, dir: cp.dir })}\n`,
);
const shutdown = (): void => {
  cp.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`stop failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// Keep the event loop alive until a signal arrives.
setInterval(() => {}, 1 << 30);
