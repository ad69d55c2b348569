/**
 * Leader election through a coordination.k8s.io/v1 Lease, the way client-go does it: the holder renews
 * `renewTime` every `retryPeriodMs`; another candidate takes the Lease over only once `renewTime +
 * leaseDurationSeconds` has passed; every write carries the Lease's resourceVersion, so two candidates racing
 * for an expired Lease cannot both win (one gets 409 Conflict). A leader that cannot renew within the lease
 * duration steps down before anyone else can take over.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { httpStatus } from './kube-errors.ts';

export type LeaderElectionOptions = {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  /** This candidate's identity (pod name). */
  id: string;
  leaseDurationSeconds?: number;
  retryPeriodMs?: number;
  onStartedLeading: () => void | Promise<void>;
  onStoppedLeading: () => void | Promise<void>;
  onError?: (err: unknown) => void;
  now?: () => number;
};

export type LeaderElector = {
  isLeader(): boolean;
  /**
   * Stops campaigning; a leader releases the Lease (unless `release` is false) so that another replica takes
   * over at once instead of after the lease duration.
   */
  stop(release?: boolean): Promise<void>;
};

export function startLeaderElection(o: LeaderElectionOptions): LeaderElector {
  const api = o.kubeConfig.makeApiClient(CoordinationV1Api);
  const duration = o.leaseDurationSeconds ?? 15;
  const retry = o.retryPeriodMs ?? 2_000;
  const now = o.now ?? Date.now;
  let leader = false;
  let lastRenew = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const setLeader = async (value: boolean): Promise<void> => {
    if (leader === value) return;
    leader = value;
    await (value ? o.onStartedLeading() : o.onStoppedLeading());
  };

  const spec = (acquire: boolean, previous?: V1Lease) => ({
    holderIdentity: o.id,
    leaseDurationSeconds: duration,
    acquireTime: acquire ? new V1MicroTime(now()) : previous?.spec?.acquireTime,
    renewTime: new V1MicroTime(now()),
    leaseTransitions: (previous?.spec?.leaseTransitions ?? 0) + (acquire && previous ? 1 : 0),
  });

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    let lease: V1Lease;
    try {
      lease = await api.readNamespacedLease({ name: o.name, namespace: o.namespace });
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
      try {
        await api.createNamespacedLease({
          namespace: o.namespace,
          body: { metadata: { name: o.name, namespace: o.namespace }, spec: spec(true) },
        });
        return true;
      } catch (createErr) {
        if (httpStatus(createErr) === 409) return false; // another candidate created it first
        throw createErr;
      }
    }
    const holder = lease.spec?.holderIdentity;
    const renewed = lease.spec?.renewTime ? new Date(lease.spec.renewTime).getTime() : 0;
    const leaseMs = (lease.spec?.leaseDurationSeconds ?? duration) * 1000;
    const mine = holder === o.id;
    const free = !holder || renewed + leaseMs < now();
    if (!mine && !free) return false;
    try {
      await api.replaceNamespacedLease({
        name: o.name,
        namespace: o.namespace,
        body: { ...lease, spec: spec(!mine, lease) }, // carries metadata.resourceVersion: optimistic concurrency
      });
      return true;
    } catch (err) {
      if (httpStatus(err) === 409) return false;
      throw err;
    }
  };

  const tick = async (): Promise<void> => {
    try {
      const ok = await tryAcquireOrRenew();
      if (ok) lastRenew = now();
      await setLeader(ok);
    } catch (err) {
      // Reported through onError; the loop retries on the next tick.
      o.onError?.(err);
      // Step down before the Lease can expire for the others: never two leaders.
      if (leader && now() - lastRenew > duration * 1000 * 0.66) await setLeader(false);
    }
  };

  const loop = (): void => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) {
        timer = setTimeout(loop, retry);
      }
    });
  };
  loop();

  return {
    isLeader: () => leader,
    stop: async (release = true) => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      if (leader && !release) await setLeader(false);
      if (leader) {
        try {
          const lease = await api.readNamespacedLease({ name: o.name, namespace: o.namespace });
          if (lease.spec?.holderIdentity === o.id) {
            await api.replaceNamespacedLease({
              name: o.name,
              namespace: o.namespace,
              body: { ...lease, spec: { ...lease.spec, holderIdentity: undefined, renewTime: undefined } },
            });
          }
        } catch (err) {
          // Releasing the Lease is best effort (it expires anyway); reported through onError.
          o.onError?.(err);
        }
        await setLeader(false);
      }
    },
  };
}
