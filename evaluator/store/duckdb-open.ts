import { statSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EvohubError } from '../../core/errors.ts';

export type OpenOptions = {
  readOnly: boolean;
  /** How long to keep retrying while another process holds DuckDB's file lock. */
  lockTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isLockError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Could not set lock|Conflicting lock/i.test(message);
}

/** DuckDB's file header is three 4 KiB blocks; a shorter file is one that a writer is still creating. */
const HEADER_BYTES = 3 * 4096;

/**
 * A reader that opens the file in the instant between a writer creating it and writing its header sees "not a
 * valid DuckDB database file"; that is transient, unlike the same message for a full-size file (corruption).
 */
export function isBeingCreated(error: unknown, path: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  if (!/not a valid DuckDB database file/i.test(message)) return false;
  try {
    return statSync(path).size < HEADER_BYTES;
  } catch {
    return true; // gone again: the writer's first open failed or is being retried
  }
}

/** An open database: its instance and one connection; `close` releases both. */
export type OpenDb = { instance: DuckDBInstance; conn: DuckDBConnection; close(): void };

/**
 * Opens the database file. DuckDB lets one process hold a file read-write and then nobody else may open it, not
 * even read-only; so every open (reader or writer) retries on a lock conflict with a growing pause.
 */
export async function openDuckDb(path: string, opts: OpenOptions): Promise<OpenDb> {
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  const deadline = now() + (opts.lockTimeoutMs ?? 30_000);
  let pause = 5;
  for (;;) {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (error) {
      if ((isLockError(error) || isBeingCreated(error, path)) && now() < deadline) {
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, 200);
        continue;
      }
      throw new EvohubError('IO', `cannot open the results database ${path}: ${(error as Error).message}`, {
        cause: error,
        hint: isLockError(error)
          ? 'another process holds it; try again when its run has finished'
          : undefined,
      });
    }
    const conn = await instance.connect();
    return {
      instance,
      conn,
      close() {
        conn.closeSync();
        instance.closeSync();
      },
    };
  }
}

/**
 * Runs `work` on a connection to the database file and closes it; writers hold the file only for the length of
 * one batch, so that readers in other processes get in between.
 */
export async function withConnection<T>(
  path: string,
  opts: OpenOptions,
  work: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const db = await openDuckDb(path, opts);
  try {
    return await work(db.conn);
  } finally {
    db.close();
  }
}
