import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ConflictError } from '../../core/errors.ts';
import {
  HEARTBEAT_EVERY_MS,
  type LockOwner,
  type ProcessProbe,
  staleReason,
} from '../../core/locks/staleness.ts';

/**
 * One writing process per results database. DuckDB's own file lock is held only while a batch is written (so
 * readers get in between), so a lock file next to the database marks the writing process for the whole run.
 * The file names its owner (host, PID, process start time) and a heartbeat refreshed while it is held; a lock
 * whose owner is gone, is another process with a reused PID, or stopped beating is taken over.
 */
export type WriterLock = {
  /** Marks a run as written by this process (`runs` tells it from a dead one) or no longer. */
  setRun(runId: string, running: boolean): Promise<void>;
  release(): Promise<void>;
};

export function lockPathOf(dbPath: string): string {
  return `${dbPath}.writer.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // ESRCH: no such process (the lock is stale); EPERM: it exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: field 22 of /proc/<pid>/stat (start time in clock ticks after boot); undefined elsewhere. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function localProbe(now = Date.now()): ProcessProbe {
  return { host: hostname(), now, alive, startTime: processStartTime };
}

export async function readLockOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The live owner of a database's writer lock, or undefined when there is none (absent or stale). */
export async function liveLockOwner(dbPath: string, probe = localProbe()): Promise<LockOwner | undefined> {
  const owner = await readLockOwner(lockPathOf(dbPath));
  return owner && staleReason(owner, probe) === undefined ? owner : undefined;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** Moves a stale lock away, unless another process replaced it in between (then it is put back). */
async function removeStale(lockPath: string, seen: string): Promise<void> {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // already gone
  }
  const now = await readFile(aside, 'utf8').catch(() => '');
  if (now !== seen) await link(aside, lockPath).catch(() => undefined);
  await rm(aside, { force: true });
}

export async function acquireWriterLock(
  dbPath: string,
  pid: number,
  opts: { probe?: () => ProcessProbe; heartbeatMs?: number } = {},
): Promise<WriterLock> {
  const lockPath = lockPathOf(dbPath);
  const probe = opts.probe ?? (() => localProbe());
  const since = new Date().toISOString();
  const me: LockOwner = {
    host: probe().host,
    pid,
    startTime: processStartTime(pid),
    heartbeatAt: since,
    since,
    runs: [],
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockPath, JSON.stringify(me), { flag: 'wx' });
      return held(lockPath, me, opts.heartbeatMs ?? HEARTBEAT_EVERY_MS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(lockPath, 'utf8').catch(() => '');
    let holder: LockOwner | undefined;
    try {
      holder = JSON.parse(text) as LockOwner;
    } catch {
      holder = undefined; // unreadable: being written right now, or corrupt; retry decides
    }
    if (holder && typeof holder.pid === 'number' && staleReason(holder, probe()) === undefined) {
      throw new ConflictError(
        `another process (pid ${holder.pid}) is writing to ${dbPath} (on ${holder.host})`,
        {
          hint: `wait for it to finish; if it is gone, delete ${lockPath}`,
        },
      );
    }
    await removeStale(lockPath, text);
  }
  throw new ConflictError(`could not take the writer lock ${lockPath}`, {
    hint: 'delete it if no run is active',
  });
}

function held(lockPath: string, me: LockOwner, heartbeatMs: number): WriterLock {
  const runs = new Set<string>();
  let released = false;
  let chain: Promise<unknown> = Promise.resolve();
  const rewrite = () => {
    chain = chain.then(async () => {
      if (released) return;
      me.heartbeatAt = new Date().toISOString();
      me.runs = [...runs];
      await writeAtomically(lockPath, JSON.stringify(me)).catch(() => undefined);
    });
    return chain;
  };
  // The heartbeat must not keep a finished process alive.
  const timer = setInterval(rewrite, heartbeatMs);
  timer.unref();
  return {
    setRun: async (runId, running) => {
      if (running) runs.add(runId);
      else runs.delete(runId);
      await rewrite();
    },
    release: async () => {
      clearInterval(timer);
      await chain;
      released = true;
      await rm(lockPath, { force: true });
    },
  };
}
