/**
 * A reading store's open database, kept between queries: opening the file costs more than a run's case page
 * (the catalog, indexes and write-ahead log are loaded each time). It is kept only while it cannot be stale and
 * blocks nobody:
 * - while it is open, DuckDB's file lock keeps writers in other processes out, so the file cannot change under
 *   it; it is closed after `idleMs` without a query, so a waiting writer gets in (writers retry on the lock);
 * - while any process holds the results store's writer lock (a run is writing, maybe in this very process, where
 *   DuckDB's lock does not separate two opens), reads open and close the file per query as before;
 * - before each reuse the file's identity, size and modification time (and its write-ahead log's) are compared
 *   with those at open; any change reopens it.
 */
import { existsSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type OpenDb, type OpenOptions, openDuckDb, withConnection } from './duckdb-open.ts';
import { lockPathOf } from './writer-lock.ts';

/** Idle time after which the file is released (a writer in another process waits at most about this long). */
export const READ_IDLE_MS = 200;

/**
 * Index lookups only for a handful of rows: fetching rows one by one through DuckDB's index cost ~1 ms per 10 rows
 * (a lineage run's 1,000 records: 0.9–1.3 s on a loaded machine, 40–100 ms by scanning 100,000 records), while
 * point lookups (a hash, a run's number) stay indexed.
 */
export async function tuneForReads(conn: DuckDBConnection): Promise<void> {
  await conn.run('SET index_scan_max_count = 64');
  await conn.run('SET index_scan_percentage = 0');
}

function statStamp(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return '-';
  }
}

/** What identifies the file's content for a reader: the database and its write-ahead log. */
export function fileStamp(path: string): string {
  return `${statStamp(path)}|${statStamp(`${path}.wal`)}`;
}

export class DuckDbReadCache {
  private readonly path: string;
  private readonly opts: OpenOptions;
  private readonly idleMs: number;
  private open: { db: OpenDb; stamp: string } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(path: string, opts: OpenOptions & { idleMs?: number }) {
    this.path = path;
    this.opts = { ...opts, readOnly: true };
    this.idleMs = opts.idleMs ?? READ_IDLE_MS;
  }

  /** True while a database is held (for tests). */
  get holding(): boolean {
    return this.open !== undefined;
  }

  /**
   * Runs `work` on a read-only connection. Callers serialise their calls (the store's queue): `release` and
   * `run` never overlap.
   */
  async run<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    clearTimeout(this.timer);
    if (existsSync(lockPathOf(this.path))) {
      this.release();
      return withConnection(this.path, this.opts, async (conn) => {
        await tuneForReads(conn);
        return work(conn);
      });
    }
    const stamp = fileStamp(this.path);
    if (this.open && this.open.stamp !== stamp) this.release();
    if (!this.open) {
      const db = await openDuckDb(this.path, this.opts);
      try {
        await tuneForReads(db.conn);
      } catch (error) {
        db.close();
        throw error;
      }
      this.open = { db, stamp };
    }
    try {
      return await work(this.open.db.conn);
    } finally {
      this.timer = setTimeout(() => this.release(), this.idleMs);
      // A held file never keeps the process alive.
      this.timer.unref();
    }
  }

  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const open = this.open;
    this.open = undefined;
    open?.db.close();
  }
}
