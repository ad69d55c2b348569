/**
 * An informer that does not stay stopped. @kubernetes/client-node's ListWatch reconnects by itself after a
 * normal end of a watch, a 410 Gone or a timeout, but any other error (connection reset, 5xx, 403) stops it
 * for good after an `error` event. This wrapper restarts it with an exponential backoff (reset on the next
 * successful connect) and replays the whole cache every `resyncMs`, so a missed event is only a delay.
 */
import {
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';

export type InformerEvent = 'add' | 'update' | 'delete' | 'resync';

export type ResilientInformerOptions<T extends KubernetesObject> = {
  kubeConfig: KubeConfig;
  /** Watch path, e.g. /apis/batch/v1/namespaces/ns/jobs or /apis/batch/v1/jobs. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  onEvent: (event: InformerEvent, obj: T) => void;
  /** Called on every error before the restart is scheduled. */
  onError?: (err: unknown, restartInMs: number) => void;
  onConnect?: () => void;
  resyncMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
};

export type ResilientInformer<T extends KubernetesObject> = {
  list(namespace?: string): readonly T[];
  /** Restarts after errors so far (for metrics and tests). */
  restarts(): number;
  /** Resolves once the first list has been received. */
  synced: Promise<void>;
  stop(): Promise<void>;
};

export async function startResilientInformer<T extends KubernetesObject>(
  o: ResilientInformerOptions<T>,
): Promise<ResilientInformer<T>> {
  let stopped = false;
  let failures = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const list = async (): Promise<KubernetesListObject<T>> => {
    const result = await o.list();
    markSynced();
    return result;
  };
  const informer = makeInformer<T>(o.kubeConfig, o.path, list, o.labelSelector);
  informer.on('add', (obj) => o.onEvent('add', obj));
  informer.on('update', (obj) => o.onEvent('update', obj));
  informer.on('delete', (obj) => o.onEvent('delete', obj));
  informer.on('connect', () => {
    failures = 0;
    o.onConnect?.();
  });
  const start = async (): Promise<void> => {
    if (stopped) return;
    try {
      await informer.start();
    } catch (err) {
      // start() itself failed (the list call): same path as an `error` event.
      scheduleRestart(err);
    }
  };
  const scheduleRestart = (err: unknown): void => {
    if (stopped || timer) return;
    failures++;
    const delay = Math.min(o.maxBackoffMs ?? 30_000, (o.baseBackoffMs ?? 500) * 2 ** (failures - 1));
    o.onError?.(err, delay);
    timer = setTimeout(() => {
      timer = undefined;
      restarts++;
      void start();
    }, delay);
  };
  informer.on('error', (err) => scheduleRestart(err));

  const resync = setInterval(() => {
    for (const obj of informer.list()) o.onEvent('resync', obj);
  }, o.resyncMs ?? 60_000);
  resync.unref();

  await start();
  return {
    list: (namespace) => informer.list(namespace),
    restarts: () => restarts,
    synced,
    stop: async () => {
      stopped = true;
      clearInterval(resync);
      if (timer) clearTimeout(timer);
      await informer.stop();
    },
  };
}
