/**
 * When a lock file no longer protects anything. A lock names its owner by host, PID and the process's start
 * time (PIDs are reused: a live process with another start time is somebody else), and carries a heartbeat the
 * owner refreshes while it holds the lock.
 */
export type LockOwner = {
  host: string;
  pid: number;
  /** The owner's process start time (Linux: /proc/<pid>/stat field 22); absent where it cannot be read. */
  startTime?: string;
  /** ISO 8601; refreshed by the holder every few seconds. */
  heartbeatAt?: string;
  since?: string;
  /** Runs the owner is writing (status `running`), for telling live runs from dead ones. */
  runs?: string[];
};

export type ProcessProbe = {
  host: string;
  now: number;
  alive(pid: number): boolean;
  startTime(pid: number): string | undefined;
};

/** A heartbeat older than this means the owner stopped (a refresh is due every 10 s). */
export const HEARTBEAT_STALE_MS = 120_000;
export const HEARTBEAT_EVERY_MS = 10_000;

/** Why the lock is stale, or undefined while its owner may still be writing. */
export function staleReason(
  owner: LockOwner,
  probe: ProcessProbe,
  staleAfterMs = HEARTBEAT_STALE_MS,
): string | undefined {
  if (owner.host === probe.host || owner.host === undefined) {
    if (!probe.alive(owner.pid)) return `process ${owner.pid} is gone`;
    const start = probe.startTime(owner.pid);
    if (owner.startTime !== undefined && start !== undefined && start !== owner.startTime)
      return `process ${owner.pid} is another process than the one that took the lock`;
  }
  if (owner.heartbeatAt !== undefined) {
    const age = probe.now - Date.parse(owner.heartbeatAt);
    if (!(age <= staleAfterMs)) return `its heartbeat is ${Math.round(age / 1000)} s old`;
  }
  return undefined;
}
