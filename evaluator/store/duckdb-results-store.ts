import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../core/errors.ts';
import type { AncestryEntry, LineageRecord } from '../../core/evolve/lineage.ts';
import type { PaidCall } from '../../core/evolve/paid-ledger.ts';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import type {
  CheckpointRecord,
  EvaluationRecord,
  ExportFormat,
  PromptVersionRecord,
  ResultsStore,
  RunRecord,
} from '../../core/ports/results-store.ts';
import {
  ancestryOn,
  ensureLineageTable,
  insertLineage,
  tableExists,
} from '../lineage/duckdb-lineage-store.ts';
import { appendEvaluationRows, readEvaluations } from './duckdb-evaluations.ts';
import { copyEvaluationsTo, writeEmptyExport } from './duckdb-export.ts';
import { type DuckDbMigrateResult, migrateDuckDb } from './duckdb-migrate.ts';
import { withConnection } from './duckdb-open.ts';
import { DuckDbReadCache } from './duckdb-read-cache.ts';
import { ISO, type Row, sqlTime } from './duckdb-sql.ts';
import { type FoundVersion, findVersionsOn } from './duckdb-versions.ts';
import { readPaidCalls, replacePaidCalls } from './paid-calls-table.ts';
import { runFromRow } from './run-row.ts';
import { acquireWriterLock, type WriterLock } from './writer-lock.ts';

export const DEFAULT_RESULTS_FILE = join('.evohub', 'results.duckdb');

export function defaultResultsPath(repoRoot: string): string {
  return join(repoRoot, DEFAULT_RESULTS_FILE);
}

export type DuckDbStoreOptions = {
  /** `write` takes the one-writer lock on first write; `read` never writes. */
  mode: 'read' | 'write';
  /** Evaluations buffered before an automatic flush. */
  batchSize?: number;
  lockTimeoutMs?: number;
  pid?: number;
};

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS checkpoints (
  run_id VARCHAR NOT NULL, generation INTEGER NOT NULL, state VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, generation))`;

function toRun(r: Row): RunRecord {
  return runFromRow(r, (v) => JSON.parse(String(v)));
}

/**
 * The DuckDB results store. Each batch opens the file, appends with DuckDB's Appender, and closes it again,
 * so that readers in other processes (which open read-only and retry on the lock) get in between batches. Reads
 * keep their read-only open between queries while nobody writes (`duckdb-read-cache.ts`).
 */
export class DuckDbResultsStore implements ResultsStore {
  readonly path: string;
  private readonly opts: DuckDbStoreOptions;
  private buffer: EvaluationRecord[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private lock: WriterLock | undefined;
  private migrated: DuckDbMigrateResult | undefined;
  private readonly reads: DuckDbReadCache;

  constructor(path: string, opts: DuckDbStoreOptions) {
    this.path = path;
    this.opts = opts;
    this.reads = new DuckDbReadCache(path, { readOnly: true, lockTimeoutMs: opts.lockTimeoutMs });
  }

  /** Serialises every database operation of this store (one open file at a time). */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.chain.then(op, op);
    // Keeps the queue going after a failed operation; its caller gets the error through `next`.
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.opts.mode !== 'write') throw new UsageError('the results store was opened read-only');
    if (!this.lock) {
      await mkdirInEvohub(dirname(this.path));
      this.lock = await acquireWriterLock(this.path, this.opts.pid ?? process.pid);
    }
    // Never two opens of the file in this process: the read-only one would not see this write.
    this.reads.release();
    return withConnection(
      this.path,
      { readOnly: false, lockTimeoutMs: this.opts.lockTimeoutMs },
      async (conn) => {
        if (!this.migrated) this.migrated = await migrateDuckDb(conn);
        return work(conn);
      },
    );
  }

  private async read<T>(empty: T, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!existsSync(this.path)) return empty;
    return this.reads.run(async (conn) => {
      if (!(await tableExists(conn, 'evaluations'))) return empty;
      return work(conn);
    });
  }

  /**
   * Applies pending migrations now (`evohub db migrate`); a writer otherwise does so on its first write. Takes the
   * writer lock: refused while another process is writing.
   */
  migrate(): Promise<DuckDbMigrateResult> {
    return this.serial(() => this.write(async () => this.migrated ?? { applied: [], version: 0 }));
  }

  saveRun(run: RunRecord): Promise<void> {
    return this.serial(async () => {
      await this.write(async (conn) => {
        await conn.run(
          `INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?, ?)`,
          [
            run.id,
            run.kind,
            run.promptName,
            run.promptFile,
            run.provider,
            run.simulated,
            run.status,
            sqlTime(run.startedAt),
            run.finishedAt ? sqlTime(run.finishedAt) : null,
            JSON.stringify(run.options),
            run.summary === undefined ? null : JSON.stringify(run.summary),
            run.note ?? null,
          ],
        );
      });
      // The lock names the runs this process is writing: `runs` calls the others interrupted.
      await this.lock?.setRun(run.id, run.status === 'running');
    });
  }

  savePromptVersion(v: PromptVersionRecord): Promise<void> {
    return this.savePromptVersions([v]);
  }

  savePromptVersions(all: readonly PromptVersionRecord[]): Promise<void> {
    // The first record of a hash wins, within a batch as against the table.
    const versions = [...new Map(all.toReversed().map((v) => [v.hash, v])).values()];
    if (versions.length === 0) return Promise.resolve();
    return this.serial(() =>
      this.write(async (conn) => {
        for (let i = 0; i < versions.length; i += 500) {
          const part = versions.slice(i, i + 500);
          await conn.run(
            `INSERT OR IGNORE INTO prompt_versions VALUES ${part.map(() => '(?, ?, ?, ?, ?::TIMESTAMP)').join(', ')}`,
            part.flatMap((v) => [
              v.hash,
              v.name,
              JSON.stringify(v.content),
              JSON.stringify(v.parents),
              sqlTime(v.createdAt),
            ]),
          );
        }
      }),
    );
  }

  async appendEvaluations(rows: readonly EvaluationRecord[]): Promise<void> {
    for (const r of rows) this.buffer.push(r);
    if (this.buffer.length >= (this.opts.batchSize ?? 2000)) await this.flush();
  }

  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.buffer.length === 0) return;
      const rows = this.buffer;
      this.buffer = [];
      try {
        await this.write((conn) => appendEvaluationRows(conn, rows));
      } catch (error) {
        // Keep them for the next flush: stored results are never dropped on a transient failure.
        this.buffer = rows.concat(this.buffer);
        throw error;
      }
    });
  }

  /** Stores a run's paid calls (its ledger), replacing what was stored for it: their sum is the run's spend. */
  savePaidCalls(runId: string, calls: readonly PaidCall[]): Promise<void> {
    return this.serial(() => this.write((conn) => replacePaidCalls(conn, runId, calls)));
  }

  paidCalls(runId: string): Promise<PaidCall[]> {
    return this.serial(() => this.read([] as PaidCall[], (conn) => readPaidCalls(conn, runId)));
  }

  listRuns(): Promise<RunRecord[]> {
    return this.serial(() =>
      this.read([] as RunRecord[], async (conn) => {
        const r = await conn.runAndReadAll(
          `SELECT * EXCLUDE (started_at, finished_at), ${ISO('started_at')} AS started_at,
             ${ISO('finished_at')} AS finished_at FROM runs ORDER BY started_at, id`,
        );
        return r.getRowObjectsJson().map((row) => toRun(row as Row));
      }),
    );
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return (await this.listRuns()).find((r) => r.id === id);
  }

  evaluations(runId: string): Promise<EvaluationRecord[]> {
    return this.serial(() => this.read([] as EvaluationRecord[], (conn) => readEvaluations(conn, runId)));
  }

  findPromptVersions(prefix: string, opts: { name?: string; limit?: number } = {}): Promise<FoundVersion[]> {
    return this.serial(() => this.read([] as FoundVersion[], (conn) => findVersionsOn(conn, prefix, opts)));
  }

  exportEvaluations(
    format: ExportFormat,
    outPath: string,
    opts: { runId?: string } = {},
  ): Promise<{ rows: number }> {
    return this.serial(async () => {
      const tmp = `${outPath}.tmp-${process.pid}`;
      await mkdir(dirname(outPath), { recursive: true });
      const rows = await this.read(-1, (conn) => copyEvaluationsTo(conn, format, tmp, opts.runId));
      // No database yet: an empty, well-formed file.
      if (rows < 0) await writeEmptyExport(format, tmp);
      try {
        await rename(tmp, outPath);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return { rows: Math.max(0, rows) };
    });
  }

  /** Checkpoints and lineage live in the same file; their tables are created on first use. */
  private inTransaction(work: (conn: DuckDBConnection) => Promise<void>): Promise<void> {
    return this.serial(() =>
      this.write(async (conn) => {
        await conn.run(CHECKPOINTS_DDL);
        await ensureLineageTable(conn);
        await conn.run('BEGIN TRANSACTION');
        try {
          await work(conn);
          await conn.run('COMMIT');
        } catch (error) {
          await conn.run('ROLLBACK');
          throw error;
        }
      }),
    );
  }

  saveCheckpoint(
    runId: string,
    generation: number,
    state: unknown,
    lineage: readonly LineageRecord[],
  ): Promise<void> {
    return this.inTransaction(async (conn) => {
      await insertLineage(conn, lineage);
      await conn.run('INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, now()::TIMESTAMP)', [
        runId,
        generation,
        JSON.stringify(state),
      ]);
    });
  }

  recordLineage(lineage: readonly LineageRecord[]): Promise<void> {
    return this.inTransaction((conn) => insertLineage(conn, lineage));
  }

  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
    const work = async (conn: DuckDBConnection) => {
      if (!(await tableExists(conn, 'checkpoints'))) return undefined;
      const r = await conn.runAndReadAll(
        'SELECT generation, state FROM checkpoints WHERE run_id = ? ORDER BY generation DESC LIMIT 1',
        [runId],
      );
      const row = r.getRowObjectsJson()[0];
      return row ? { generation: Number(row.generation), state: JSON.parse(String(row.state)) } : undefined;
    };
    // A writer opens read-write: after a kill the file may hold a write-ahead log that only a writer replays.
    return this.serial(() => (this.opts.mode === 'write' ? this.write(work) : this.readAny(undefined, work)));
  }

  ancestry(hash: string): Promise<AncestryEntry[]> {
    return this.serial(() => this.readAny([] as AncestryEntry[], (conn) => ancestryOn(conn, hash)));
  }

  /** A read that does not need the evaluations table (checkpoints and lineage are created on their own). */
  private async readAny<T>(empty: T, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!existsSync(this.path)) return empty;
    return this.reads.run(work);
  }

  async close(): Promise<void> {
    try {
      if (this.opts.mode === 'write') await this.flush();
    } finally {
      await this.serial(async () => {
        this.reads.release();
        await this.lock?.release();
        this.lock = undefined;
      });
    }
  }
}

/** Opens the store at `<repo>/.evohub/results.duckdb` (or `path`). No I/O until the first operation. */
export function openResultsStore(
  opts: { repoRoot: string; path?: string } & DuckDbStoreOptions,
): DuckDbResultsStore {
  return new DuckDbResultsStore(opts.path ?? defaultResultsPath(opts.repoRoot), opts);
}
