/**
 * One line when Redis goes away and one when it is back, however many clients a process holds and however
 * many reconnection attempts fail in between. Every ioredis client and BullMQ object that evohub creates
 * sends its `error` events here: an `error` event without a listener is printed by ioredis as
 * `[ioredis] Unhandled error event` with a stack trace, once per failed attempt.
 */

/** Something that emits `error` (an ioredis client, a BullMQ Queue, Worker or QueueEvents). */
type Emitter = { on(event: 'error', listener: (error: Error) => void): unknown };
/** An ioredis client: also says when it is connected again. */
type Client = Emitter & { on(event: 'ready', listener: () => void): unknown };

export type OutageEvent =
  | { state: 'down'; message: string; error: string }
  | { state: 'up'; message: string; downForMs: number };

export type RedisOutage = {
  /** Routes a client's `error` and `ready` events here. */
  watchClient(client: Client): void;
  /** Routes the `error` events of an object that manages its own connections (BullMQ). */
  watchErrors(emitter: Emitter): void;
  /** Whether Redis is currently unreachable. */
  readonly down: boolean;
};

function errorText(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code} ${error.message}`
    : error.message;
}

/**
 * An outage tracker for one process: `report` is called once when the first error arrives and once when every
 * client that failed is ready again. `label` names the Redis in messages (a URL without credentials).
 */
export function createRedisOutage(
  label: string,
  report: (event: OutageEvent) => void,
  now: () => number = Date.now,
): RedisOutage {
  const failing = new Set<object>();
  const clients = new WeakSet<object>();
  let since: number | null = null;
  const fail = (source: object, error: Error) => {
    failing.add(source);
    if (since !== null) return;
    since = now();
    const text = errorText(error);
    report({ state: 'down', message: `redis at ${label} is unreachable (${text}); retrying`, error: text });
  };
  const ready = (client: object) => {
    failing.delete(client);
    if (since === null) return;
    // BullMQ objects have no ready event: they recover with the clients, so only clients gate recovery.
    for (const f of failing) if (clients.has(f)) return;
    failing.clear();
    const downForMs = now() - since;
    since = null;
    report({
      state: 'up',
      message: `redis at ${label} is back after ${(downForMs / 1000).toFixed(1)}s`,
      downForMs,
    });
  };
  return {
    watchClient(client) {
      clients.add(client);
      client.on('error', (e) => fail(client, e));
      client.on('ready', () => ready(client));
    },
    watchErrors(emitter) {
      emitter.on('error', (e) => fail(emitter, e));
    },
    get down() {
      return since !== null;
    },
  };
}
