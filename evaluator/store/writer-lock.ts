import { readFile, rm, writeFile } from 'node:fs/promises';
import { ConflictError } from '../../core/errors.ts';

/**
 * One writing process per results database. DuckDB's own file lock is held only while a batch is written (so
 * readers get in between), so a lock file next to the database marks the writing process for the whole run.
 * A lock left by a process that no longer exists is taken over.
 */
export type WriterLock = { release(): Promise<void> };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // ESRCH: no such process (the lock is stale); EPERM: it exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireWriterLock(dbPath: string, pid: number): Promise<WriterLock> {
  const lockPath = `${dbPath}.writer.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockPath, JSON.stringify({ pid, since: new Date().toISOString() }), { flag: 'wx' });
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number | undefined;
    try {
      holder = (JSON.parse(await readFile(lockPath, 'utf8')) as { pid?: number }).pid;
    } catch {
      holder = undefined; // unreadable: being written right now, or corrupt; retry decides
    }
    if (holder !== undefined && alive(holder)) {
      throw new ConflictError(`another process (pid ${holder}) is writing to ${dbPath}`, {
        hint: `wait for it to finish; if it is gone, delete ${lockPath}`,
      });
    }
    await rm(lockPath, { force: true });
  }
  throw new ConflictError(`could not take the writer lock ${lockPath}`, {
    hint: 'delete it if no run is active',
  });
}
