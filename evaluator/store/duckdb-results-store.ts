import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';
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
import { withConnection } from './duckdb-open.ts';
import { MIGRATIONS } from './migrations.ts';
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

/** `2026-01-02T03:04:05.678Z` → DuckDB TIMESTAMP text (UTC). */
function sqlTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

function micros(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1000n;
}

const ISO = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

async function migrate(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
  );
  const reader = await conn.runAndReadAll(
    'SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations',
  );
  const current = Number(reader.getRowObjectsJson()[0]?.v ?? 0);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const sql of m.statements) await conn.run(sql);
      await conn.run('INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)', [
        m.version,
        m.description,
      ]);
      await conn.run('COMMIT');
    } catch (error) {
      // A failed COMMIT (a full disk) has already ended the transaction: never mask the real error.
      await conn.run('ROLLBACK').catch(() => {});
      throw error;
    }
  }
}

type Row = Record<string, unknown>;

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS checkpoints (
  run_id VARCHAR NOT NULL, generation INTEGER NOT NULL, state VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, generation))`;

function toRun(r: Row): RunRecord {
  return runFromRow(r, (v) => JSON.parse(String(v)));
}

/**
 * The DuckDB results store. Each batch opens the file, appends with DuckDB's Appender, and closes it again,
 * so that readers in other processes (which open read-only and retry on the lock) get in between batches.
 */
export class DuckDbResultsStore implements ResultsStore {
  readonly path: string;
  private readonly opts: DuckDbStoreOptions;
  private buffer: EvaluationRecord[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private lock: WriterLock | undefined;
  private migrated = false;

  constructor(path: string, opts: DuckDbStoreOptions) {
    this.path = path;
    this.opts = opts;
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
    return withConnection(
      this.path,
      { readOnly: false, lockTimeoutMs: this.opts.lockTimeoutMs },
      async (conn) => {
        if (!this.migrated) {
          await migrate(conn);
          this.migrated = true;
        }
        return work(conn);
      },
    );
  }

  private async read<T>(empty: T, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!existsSync(this.path)) return empty;
    return withConnection(
      this.path,
      { readOnly: true, lockTimeoutMs: this.opts.lockTimeoutMs },
      async (conn) => {
        const t = await conn.runAndReadAll(
          "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'evaluations'",
        );
        if (Number(t.getRowObjectsJson()[0]?.n ?? 0) === 0) return empty;
        return work(conn);
      },
    );
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
    return this.serial(() =>
      this.write(async (conn) => {
        await conn.run('INSERT OR IGNORE INTO prompt_versions VALUES (?, ?, ?, ?, ?::TIMESTAMP)', [
          v.hash,
          v.name,
          JSON.stringify(v.content),
          JSON.stringify(v.parents),
          sqlTime(v.createdAt),
        ]);
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
        await this.write((conn) => appendRows(conn, rows));
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
    return this.serial(() =>
      this.read([] as EvaluationRecord[], async (conn) => {
        const ev = await conn.runAndReadAll(
          `SELECT * EXCLUDE (created_at), ${ISO('created_at')} AS created_at FROM evaluations WHERE run_id = ? ORDER BY seq`,
          [runId],
        );
        const ms = await conn.runAndReadAll('SELECT seq, name, value, pass FROM metrics WHERE run_id = ?', [
          runId,
        ]);
        const bySeq = new Map<number, { metrics: Record<string, number>; passes: Record<string, boolean> }>();
        for (const m of ms.getRowObjectsJson() as Row[]) {
          const seq = Number(m.seq);
          const entry = bySeq.get(seq) ?? { metrics: {}, passes: {} };
          entry.metrics[String(m.name)] = m.value == null ? Number.NaN : Number(m.value);
          if (m.pass != null) entry.passes[String(m.name)] = Boolean(m.pass);
          bySeq.set(seq, entry);
        }
        return (ev.getRowObjectsJson() as Row[]).map((r) => {
          const seq = Number(r.seq);
          const m = bySeq.get(seq) ?? { metrics: {}, passes: {} };
          return {
            runId: String(r.run_id),
            seq,
            promptHash: String(r.prompt_hash),
            caseId: String(r.case_id),
            caseIndex: Number(r.case_index),
            repeat: Number(r.repeat),
            output: String(r.output),
            ...(r.error == null ? {} : { error: String(r.error) }),
            metrics: m.metrics,
            passes: m.passes,
            latencyMs: Number(r.latency_ms),
            inputTokens: Number(r.input_tokens),
            outputTokens: Number(r.output_tokens),
            costUsd: r.cost_usd == null ? undefined : Number(r.cost_usd),
            model: String(r.model),
            cached: Boolean(r.cached),
            createdAt: String(r.created_at),
          };
        });
      }),
    );
  }

  exportEvaluations(
    format: ExportFormat,
    outPath: string,
    opts: { runId?: string } = {},
  ): Promise<{ rows: number }> {
    return this.serial(async () => {
      const tmp = `${outPath}.tmp-${process.pid}`;
      await mkdir(dirname(outPath), { recursive: true });
      const rows = await this.read(-1, async (conn) => {
        const where = opts.runId === undefined ? '' : 'WHERE e.run_id = $run';
        const query = `SELECT e.* EXCLUDE (created_at), ${ISO('e.created_at')} AS created_at,
            coalesce(m.metrics, MAP {}) AS metrics, coalesce(m.passes, MAP {}) AS passes
          FROM evaluations e LEFT JOIN (
            SELECT run_id, seq, map(list(name), list(value)) AS metrics,
              map(list(name) FILTER (pass IS NOT NULL), list(pass) FILTER (pass IS NOT NULL)) AS passes
            FROM metrics GROUP BY run_id, seq) m USING (run_id, seq)
          ${where} ORDER BY e.run_id, e.seq`;
        const fmt = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT json';
        const params = opts.runId === undefined ? undefined : { run: opts.runId };
        const escaped = tmp.replace(/'/g, "''");
        const res = await conn.run(`COPY (${query}) TO '${escaped}' (${fmt})`, params);
        return Number(res.rowsChanged);
      });
      if (rows < 0) {
        // No database yet: an empty, well-formed file via an in-memory database.
        const { DuckDBInstance } = await import('@duckdb/node-api');
        const mem = await DuckDBInstance.create(':memory:');
        const conn = await mem.connect();
        const fmt = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT json';
        await conn.run(
          `COPY (SELECT NULL::VARCHAR AS run_id WHERE false) TO '${tmp.replace(/'/g, "''")}' (${fmt})`,
        );
        conn.closeSync();
        mem.closeSync();
      }
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
    return withConnection(this.path, { readOnly: true, lockTimeoutMs: this.opts.lockTimeoutMs }, work);
  }

  async close(): Promise<void> {
    try {
      if (this.opts.mode === 'write') await this.flush();
    } finally {
      await this.serial(async () => {
        await this.lock?.release();
        this.lock = undefined;
      });
    }
  }
}

async function appendRows(conn: DuckDBConnection, rows: readonly EvaluationRecord[]): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const ev = await conn.createAppender('evaluations');
    for (const r of rows) {
      ev.appendVarchar(r.runId);
      ev.appendInteger(r.seq);
      ev.appendVarchar(r.promptHash);
      ev.appendVarchar(r.caseId);
      ev.appendInteger(r.caseIndex);
      ev.appendInteger(r.repeat);
      ev.appendVarchar(r.output);
      if (r.error === undefined) ev.appendNull();
      else ev.appendVarchar(r.error);
      ev.appendDouble(r.latencyMs);
      ev.appendInteger(r.inputTokens);
      ev.appendInteger(r.outputTokens);
      if (r.costUsd === undefined || !Number.isFinite(r.costUsd)) ev.appendNull();
      else ev.appendDouble(r.costUsd);
      ev.appendVarchar(r.model);
      ev.appendBoolean(r.cached);
      ev.appendTimestamp(timestampValue(micros(r.createdAt)));
      ev.endRow();
    }
    ev.closeSync();
    const mt = await conn.createAppender('metrics');
    for (const r of rows) {
      for (const [name, value] of Object.entries(r.metrics)) {
        mt.appendVarchar(r.runId);
        mt.appendInteger(r.seq);
        mt.appendVarchar(name);
        if (Number.isFinite(value)) mt.appendDouble(value);
        else mt.appendNull();
        const pass = r.passes[name];
        if (pass === undefined) mt.appendNull();
        else mt.appendBoolean(pass);
        mt.endRow();
      }
    }
    mt.closeSync();
    await conn.run('COMMIT');
  } catch (error) {
    // A failed COMMIT (a full disk) has already ended the transaction: never mask the real error.
    await conn.run('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Opens the store at `<repo>/.evohub/results.duckdb` (or `path`). No I/O until the first operation. */
export function openResultsStore(
  opts: { repoRoot: string; path?: string } & DuckDbStoreOptions,
): DuckDbResultsStore {
  return new DuckDbResultsStore(opts.path ?? defaultResultsPath(opts.repoRoot), opts);
}
