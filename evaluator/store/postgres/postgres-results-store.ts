/**
 * The PostgreSQL results store: for teams, where a coordinator and workers on different machines write at once.
 * Every write is an upsert keyed by a natural key (run id; prompt hash; run id + seq; …) inside a transaction,
 * so a retried or duplicated write changes nothing and no process-wide lock is needed; readers use MVCC
 * snapshots and never wait for a writer. The schema comes from `migrations/` (see postgres-migrate.ts).
 */
import pg from 'pg';
import { EvohubError, UsageError } from '../../../core/errors.ts';
import type { AncestryEntry, LineageRecord } from '../../../core/evolve/lineage.ts';
import { distinctCalls, type PaidCall } from '../../../core/evolve/paid-ledger.ts';
import type {
  CheckpointRecord,
  EvaluationRecord,
  ExportFormat,
  PromptVersionRecord,
  ResultsStore,
  RunRecord,
} from '../../../core/ports/results-store.ts';
import { redactUrl } from '../../../core/redact-url.ts';
import { runFromRow } from '../run-row.ts';
import { type CopiedKeys, countKeysOn } from './postgres-count.ts';
import { insertEvaluations, readEvaluations } from './postgres-evaluations.ts';
import { exportPostgresEvaluations } from './postgres-export.ts';
import { ancestryOf, insertLineage } from './postgres-lineage.ts';
import { loadMigrations, type MigrateResult, migratePostgres } from './postgres-migrate.ts';
import { iso, pgJson, pgText, type Queryable, type Row } from './postgres-sql.ts';
import { scrubPostgresText } from './postgres-url.ts';
import { type FoundVersion, findVersions } from './postgres-versions.ts';

export { insertLineage } from './postgres-lineage.ts';
export { pgJson, pgText } from './postgres-sql.ts';

export type PostgresStoreOptions = {
  mode: 'read' | 'write';
  /** Evaluations buffered before an automatic flush. */
  batchSize?: number;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Writers apply pending migrations on first use (default true); `evohub db migrate` does it explicitly. */
  autoMigrate?: boolean;
};

const RUN_COLUMNS = `id, kind, prompt_name, prompt_file, provider, simulated, status, ${iso('started_at')} AS started_at,
  ${iso('finished_at')} AS finished_at, options, summary, note`;

function toRun(r: Row): RunRecord {
  return runFromRow(r, (v) => v);
}

export class PostgresResultsStore implements ResultsStore {
  readonly url: string;
  private readonly opts: PostgresStoreOptions;
  private pool: pg.Pool | undefined;
  private ready: Promise<void> | undefined;
  private buffer: EvaluationRecord[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(url: string, opts: PostgresStoreOptions) {
    this.url = url;
    this.opts = opts;
  }

  /** The URL for messages: never with its password. */
  get description(): string {
    return redactUrl(this.url);
  }

  private fail(error: unknown, doing: string): EvohubError {
    if (error instanceof EvohubError) return error;
    const message = scrubPostgresText(error instanceof Error ? error.message : String(error), this.url);
    const code = (error as { code?: string }).code;
    const unreachable =
      code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01';
    // 42703 undefined column: a reader on a database older than this evohub (readers never migrate).
    const hint = unreachable
      ? 'check the URL given by --results-url, EVOHUB_RESULTS_URL or `results:` in evohub.yaml (password: PGPASSWORD)'
      : code === '42703'
        ? 'the database schema is older than this evohub: run `evohub db migrate`'
        : undefined;
    return new EvohubError('IO', `results store ${this.description}: ${doing} failed: ${message}`, { hint });
  }

  private getPool(): pg.Pool {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.url, max: this.opts.poolSize ?? 4 });
      // An idle client losing its connection must not crash the process; the next query reconnects.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  /** Writers migrate once per store (safe concurrently: advisory lock); readers only use what exists. */
  private async db(): Promise<pg.Pool> {
    const pool = this.getPool();
    if (this.opts.mode === 'write' && this.opts.autoMigrate !== false) {
      this.ready ??= this.migrate().then(() => undefined);
      try {
        await this.ready;
      } catch (error) {
        this.ready = undefined;
        throw error;
      }
    }
    return pool;
  }

  /** Applies pending migrations (the `evohub db migrate` command). */
  async migrate(): Promise<MigrateResult> {
    const migrations = await loadMigrations();
    let client: pg.PoolClient | undefined;
    try {
      client = await this.getPool().connect();
      return await migratePostgres(client, migrations);
    } catch (error) {
      throw this.fail(error, 'migrating');
    } finally {
      client?.release();
    }
  }

  private async hasSchema(q: Queryable): Promise<boolean> {
    const r = await q.query("SELECT to_regclass('evaluations') IS NOT NULL AS ok");
    return Boolean(r.rows[0]?.ok);
  }

  private async write<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.opts.mode !== 'write') throw new UsageError('the results store was opened read-only');
    let client: pg.PoolClient | undefined;
    try {
      client = await (await this.db()).connect();
      await client.query('BEGIN');
      try {
        const out = await work(client);
        await client.query('COMMIT');
        return out;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw this.fail(error, doing);
    } finally {
      client?.release();
    }
  }

  private async read<T>(doing: string, empty: T, work: (q: Queryable) => Promise<T>): Promise<T> {
    try {
      const pool = await this.db();
      if (!(await this.hasSchema(pool))) return empty;
      return await work(pool);
    } catch (error) {
      throw this.fail(error, doing);
    }
  }

  saveRun(run: RunRecord): Promise<void> {
    return this.write('saving a run', async (c) => {
      await c.query(
        `INSERT INTO runs (id, kind, prompt_name, prompt_file, provider, simulated, status, started_at, finished_at,
           options, summary, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, prompt_name = EXCLUDED.prompt_name,
           prompt_file = EXCLUDED.prompt_file, provider = EXCLUDED.provider, simulated = EXCLUDED.simulated,
           status = EXCLUDED.status, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
           options = EXCLUDED.options, summary = EXCLUDED.summary, note = EXCLUDED.note`,
        [
          run.id,
          run.kind,
          run.promptName,
          run.promptFile,
          run.provider,
          run.simulated,
          run.status,
          run.startedAt,
          run.finishedAt ?? null,
          pgJson(run.options),
          run.summary === undefined ? null : pgJson(run.summary),
          run.note === undefined ? null : pgText(run.note),
        ],
      );
    });
  }

  savePromptVersion(v: PromptVersionRecord): Promise<void> {
    return this.savePromptVersions([v]);
  }

  savePromptVersions(all: readonly PromptVersionRecord[]): Promise<void> {
    // The first record of a hash wins, within a batch as against the table.
    const versions = [...new Map(all.toReversed().map((v) => [v.hash, v])).values()];
    if (versions.length === 0) return Promise.resolve();
    return this.write('saving prompt versions', async (c) => {
      await c.query(
        `INSERT INTO prompt_versions (hash, name, content, parents, created_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[], $5::timestamptz[])
         ON CONFLICT (hash) DO NOTHING`,
        [
          versions.map((v) => v.hash),
          versions.map((v) => v.name),
          versions.map((v) => pgJson(v.content)),
          versions.map((v) => pgJson(v.parents)),
          versions.map((v) => v.createdAt),
        ],
      );
    });
  }

  async appendEvaluations(rows: readonly EvaluationRecord[]): Promise<void> {
    if (this.opts.mode !== 'write') throw new UsageError('the results store was opened read-only');
    for (const r of rows) this.buffer.push(r);
    if (this.buffer.length >= (this.opts.batchSize ?? 2000)) await this.flush();
  }

  flush(): Promise<void> {
    const next = this.flushing.then(async () => {
      if (this.buffer.length === 0) return;
      const rows = this.buffer;
      this.buffer = [];
      try {
        await this.write('writing evaluations', (c) => insertEvaluations(c, rows));
      } catch (error) {
        // Kept for the next flush: stored results are never dropped on a transient failure.
        this.buffer = rows.concat(this.buffer);
        throw error;
      }
    });
    this.flushing = next.catch(() => undefined);
    return next;
  }

  listRuns(): Promise<RunRecord[]> {
    return this.read('listing runs', [] as RunRecord[], async (q) => {
      const r = await q.query(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at, id`);
      return r.rows.map(toRun);
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.read('reading a run', undefined as RunRecord | undefined, async (q) => {
      const r = await q.query(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]);
      return r.rows[0] ? toRun(r.rows[0]) : undefined;
    });
  }

  evaluations(runId: string): Promise<EvaluationRecord[]> {
    return this.read('reading evaluations', [] as EvaluationRecord[], (q) => readEvaluations(q, runId));
  }

  findPromptVersions(prefix: string, opts: { name?: string; limit?: number } = {}): Promise<FoundVersion[]> {
    return this.read('finding prompt versions', [] as FoundVersion[], (q) => findVersions(q, prefix, opts));
  }

  exportEvaluations(
    format: ExportFormat,
    outPath: string,
    opts: { runId?: string } = {},
  ): Promise<{ rows: number }> {
    return exportPostgresEvaluations(
      (work) => this.read('exporting evaluations', 0, work),
      format,
      outPath,
      opts.runId,
    );
  }

  saveCheckpoint(
    runId: string,
    generation: number,
    state: unknown,
    lineage: readonly LineageRecord[],
  ): Promise<void> {
    return this.write('saving a checkpoint', async (c) => {
      await insertLineage(c, lineage);
      await c.query(
        `INSERT INTO checkpoints (run_id, generation, state) VALUES ($1, $2, $3)
         ON CONFLICT (run_id, generation) DO UPDATE SET state = EXCLUDED.state, created_at = now()`,
        [runId, generation, pgJson(state)],
      );
    });
  }

  savePaidCalls(runId: string, calls: readonly PaidCall[]): Promise<void> {
    const distinct = distinctCalls(calls);
    return this.write('saving paid calls', async (c) => {
      await c.query('DELETE FROM paid_calls WHERE run_id = $1', [runId]);
      await c.query(
        `INSERT INTO paid_calls (run_id, call_key, cost_usd)
         SELECT $1, k, v FROM unnest($2::text[], $3::float8[]) AS t(k, v) ON CONFLICT DO NOTHING`,
        [runId, distinct.map((p) => p.key), distinct.map((p) => p.costUsd)],
      );
    });
  }

  paidCalls(runId: string): Promise<PaidCall[]> {
    return this.read('reading paid calls', [] as PaidCall[], async (q) => {
      const r = await q.query(
        'SELECT call_key, cost_usd FROM paid_calls WHERE run_id = $1 ORDER BY call_key COLLATE "C"',
        [runId],
      );
      return r.rows.map((row) => ({ key: String(row.call_key), costUsd: Number(row.cost_usd) }));
    });
  }

  recordLineage(lineage: readonly LineageRecord[]): Promise<void> {
    return this.write('recording lineage', (c) => insertLineage(c, lineage));
  }

  latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
    return this.read('reading a checkpoint', undefined as CheckpointRecord | undefined, async (q) => {
      const r = await q.query(
        'SELECT generation, state FROM checkpoints WHERE run_id = $1 ORDER BY generation DESC LIMIT 1',
        [runId],
      );
      const row = r.rows[0];
      return row ? { generation: Number(row.generation), state: row.state } : undefined;
    });
  }

  ancestry(hash: string): Promise<AncestryEntry[]> {
    return this.read('reading lineage', [] as AncestryEntry[], (q) => ancestryOf(q, hash));
  }

  /** How many rows of these keys are stored, per table (for `evohub db copy`'s verification). */
  countKeys(keys: CopiedKeys): Promise<Record<string, number>> {
    return this.read('counting rows', {} as Record<string, number>, (q) => countKeysOn(q, keys));
  }

  async close(): Promise<void> {
    try {
      if (this.opts.mode === 'write') await this.flush();
    } finally {
      const pool = this.pool;
      this.pool = undefined;
      this.ready = undefined;
      await pool?.end();
    }
  }
}
