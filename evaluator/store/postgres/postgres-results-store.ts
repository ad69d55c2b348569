/**
 * The PostgreSQL results store: for teams, where a coordinator and workers on different machines write at once.
 * Every write is an upsert keyed by a natural key (run id; prompt hash; run id + seq; …) inside a transaction,
 * so a retried or duplicated write changes nothing and no process-wide lock is needed; readers use MVCC
 * snapshots and never wait for a writer. The schema comes from `migrations/` (see postgres-migrate.ts).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { EvohubError, UsageError } from '../../../core/errors.ts';
import { type AncestryEntry, type LineageRecord, walkAncestry } from '../../../core/evolve/lineage.ts';
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
import { writeParquetFromJsonl } from './parquet-from-jsonl.ts';
import { loadMigrations, type MigrateResult, migratePostgres } from './postgres-migrate.ts';
import { scrubPostgresText } from './postgres-url.ts';

export type PostgresStoreOptions = {
  mode: 'read' | 'write';
  /** Evaluations buffered before an automatic flush. */
  batchSize?: number;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Writers apply pending migrations on first use (default true); `evohub db migrate` does it explicitly. */
  autoMigrate?: boolean;
};

type Row = Record<string, unknown>;

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const RUN_COLUMNS = `id, kind, prompt_name, prompt_file, provider, simulated, status, ${iso('started_at')} AS started_at,
  ${iso('finished_at')} AS finished_at, options, summary, note`;

const EVALUATION_SELECT = `SELECT e.run_id, e.seq, e.prompt_hash, e.case_id, e.case_index, e.repeat, e.output, e.error,
    e.latency_ms, e.input_tokens, e.output_tokens, e.cost_usd, e.model, e.cached, ${iso('e.created_at')} AS created_at,
    coalesce(m.metrics, '{}'::jsonb) AS metrics, coalesce(m.passes, '{}'::jsonb) AS passes
  FROM evaluations e LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(name, value) AS metrics,
      jsonb_object_agg(name, pass) FILTER (WHERE pass IS NOT NULL) AS passes
    FROM metrics WHERE run_id = e.run_id AND seq = e.seq) m ON true`;

const LINEAGE_COLUMNS = `hash, name, run_id, candidate_id, generation, operator, parents, fitness,
  ${iso('created_at')} AS created_at`;

function toRun(r: Row): RunRecord {
  return runFromRow(r, (v) => v);
}

function toEvaluation(r: Row): EvaluationRecord {
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.metrics as Record<string, number | null>))
    metrics[k] = v == null ? Number.NaN : Number(v);
  return {
    runId: String(r.run_id),
    seq: Number(r.seq),
    promptHash: String(r.prompt_hash),
    caseId: String(r.case_id),
    caseIndex: Number(r.case_index),
    repeat: Number(r.repeat),
    output: String(r.output),
    ...(r.error == null ? {} : { error: String(r.error) }),
    metrics,
    passes: r.passes as Record<string, boolean>,
    latencyMs: Number(r.latency_ms),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: r.cost_usd == null ? undefined : Number(r.cost_usd),
    model: String(r.model),
    cached: Boolean(r.cached),
    createdAt: String(r.created_at),
  };
}

function toLineage(r: Row): LineageRecord {
  return {
    hash: String(r.hash),
    name: String(r.name),
    runId: String(r.run_id),
    candidateId: Number(r.candidate_id),
    generation: Number(r.generation),
    operator: String(r.operator),
    parents: r.parents as string[],
    fitness: r.fitness as Record<string, number>,
    createdAt: String(r.created_at),
  };
}

/** The export's row shape, the same columns (and order) as the DuckDB store's export. */
function exportRow(r: Row): Record<string, unknown> {
  return {
    run_id: r.run_id,
    seq: r.seq,
    prompt_hash: r.prompt_hash,
    case_id: r.case_id,
    case_index: r.case_index,
    repeat: r.repeat,
    output: r.output,
    error: r.error,
    latency_ms: r.latency_ms,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    cost_usd: r.cost_usd,
    model: r.model,
    cached: r.cached,
    created_at: r.created_at,
    metrics: r.metrics,
    passes: r.passes,
  };
}

type Queryable = { query: pg.Pool['query'] };

/**
 * PostgreSQL text and jsonb cannot hold U+0000, which a model's output may contain; it is stored as U+FFFD so that
 * one such row cannot make every later flush fail.
 */
export function pgText(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/** JSON for a jsonb column: `\u0000` escapes (not escaped backslashes before `u0000`) become `\ufffd`. */
export function pgJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000') ? text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : text;
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
    return new EvohubError('IO', `results store ${this.description}: ${doing} failed: ${message}`, {
      hint: unreachable
        ? 'check the URL given by --results-url, EVOHUB_RESULTS_URL or `results:` in evohub.yaml (password: PGPASSWORD)'
        : undefined,
    });
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
    return this.write('saving a prompt version', async (c) => {
      await c.query(
        `INSERT INTO prompt_versions (hash, name, content, parents, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (hash) DO NOTHING`,
        [v.hash, v.name, pgJson(v.content), pgJson(v.parents), v.createdAt],
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
    return this.read('reading evaluations', [] as EvaluationRecord[], async (q) => {
      // Two indexed range scans merged here: cheaper than aggregating metrics per row in SQL (the export does that).
      const [ev, ms] = await Promise.all([
        q.query(
          `SELECT run_id, seq, prompt_hash, case_id, case_index, repeat, output, error, latency_ms, input_tokens,
             output_tokens, cost_usd, model, cached, ${iso('created_at')} AS created_at
           FROM evaluations WHERE run_id = $1 ORDER BY seq`,
          [runId],
        ),
        q.query('SELECT seq, name, value, pass FROM metrics WHERE run_id = $1', [runId]),
      ]);
      const bySeq = new Map<
        number,
        { metrics: Record<string, number | null>; passes: Record<string, boolean> }
      >();
      for (const m of ms.rows) {
        const entry = bySeq.get(Number(m.seq)) ?? { metrics: {}, passes: {} };
        entry.metrics[String(m.name)] = m.value;
        if (m.pass != null) entry.passes[String(m.name)] = Boolean(m.pass);
        bySeq.set(Number(m.seq), entry);
      }
      return ev.rows.map((row) =>
        toEvaluation({ ...row, ...(bySeq.get(Number(row.seq)) ?? { metrics: {}, passes: {} }) }),
      );
    });
  }

  async exportEvaluations(
    format: ExportFormat,
    outPath: string,
    opts: { runId?: string } = {},
  ): Promise<{ rows: number }> {
    await mkdir(dirname(outPath), { recursive: true });
    const tmp = `${outPath}.tmp-${process.pid}`;
    const jsonl = format === 'jsonl' ? tmp : `${tmp}.jsonl`;
    try {
      const rows = await this.read('exporting evaluations', 0, (q) => writeJsonl(q, jsonl, opts.runId));
      if (format === 'jsonl') {
        if (rows === 0) await writeEmpty(jsonl);
      } else {
        await writeParquetFromJsonl(jsonl, tmp, rows);
        await rm(jsonl, { force: true });
      }
      await rename(tmp, outPath);
      return { rows };
    } catch (error) {
      await rm(tmp, { force: true });
      await rm(`${tmp}.jsonl`, { force: true });
      throw error;
    }
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
    return this.read('reading lineage', [] as AncestryEntry[], async (q) => {
      const lookup = async (hashes: readonly string[]) => {
        const r = await q.query(`SELECT ${LINEAGE_COLUMNS} FROM lineage WHERE hash = ANY($1)`, [hashes]);
        return new Map(r.rows.map((row) => [String(row.hash), toLineage(row)] as const));
      };
      const self = (await lookup([hash])).get(hash);
      if (!self) return [];
      // Most ancestors come from the same run: one indexed query loads them all.
      const local = new Map<string, LineageRecord>();
      const r = await q.query(`SELECT ${LINEAGE_COLUMNS} FROM lineage WHERE run_id = $1`, [self.runId]);
      for (const row of r.rows) local.set(String(row.hash), toLineage(row));
      return walkAncestry(hash, async (hs) => {
        const out = new Map<string, LineageRecord>();
        const missing = hs.filter((h) => {
          const rec = local.get(h);
          if (rec) out.set(h, rec);
          return !rec;
        });
        if (missing.length > 0) for (const [h, rec] of await lookup(missing)) out.set(h, rec);
        return out;
      });
    });
  }

  /** How many rows of these keys are stored, per table (for `evohub db copy`'s verification). */
  countKeys(keys: {
    runs: string[];
    promptVersions: string[];
    evaluationRuns: string[];
    lineage: string[];
    checkpoints: [string, number][];
  }): Promise<Record<string, number>> {
    return this.read('counting rows', {} as Record<string, number>, async (q) => {
      const n = async (sql: string, params: unknown[]) =>
        Number((await q.query(sql, params)).rows[0]?.n ?? 0);
      return {
        runs: await n('SELECT count(*)::int AS n FROM runs WHERE id = ANY($1)', [keys.runs]),
        prompt_versions: await n('SELECT count(*)::int AS n FROM prompt_versions WHERE hash = ANY($1)', [
          keys.promptVersions,
        ]),
        evaluations: await n('SELECT count(*)::int AS n FROM evaluations WHERE run_id = ANY($1)', [
          keys.evaluationRuns,
        ]),
        metrics: await n('SELECT count(*)::int AS n FROM metrics WHERE run_id = ANY($1)', [
          keys.evaluationRuns,
        ]),
        lineage: await n('SELECT count(*)::int AS n FROM lineage WHERE hash = ANY($1)', [keys.lineage]),
        checkpoints: await n(
          `SELECT count(*)::int AS n FROM checkpoints c
           JOIN unnest($1::text[], $2::int[]) AS k(run_id, generation) USING (run_id, generation)`,
          [keys.checkpoints.map((k) => k[0]), keys.checkpoints.map((k) => k[1])],
        ),
      };
    });
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

/** Bulk insert through arrays (one statement per table); a (run, seq) already stored is left as it is. */
async function insertEvaluations(c: pg.PoolClient, rows: readonly EvaluationRecord[]): Promise<void> {
  await c.query(
    `INSERT INTO evaluations (run_id, seq, prompt_hash, case_id, case_index, repeat, output, error, latency_ms,
       input_tokens, output_tokens, cost_usd, model, cached, created_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[],
       $8::text[], $9::float8[], $10::int[], $11::int[], $12::float8[], $13::text[], $14::bool[], $15::timestamptz[])
     ON CONFLICT (run_id, seq) DO NOTHING`,
    [
      rows.map((r) => r.runId),
      rows.map((r) => r.seq),
      rows.map((r) => r.promptHash),
      rows.map((r) => pgText(r.caseId)),
      rows.map((r) => r.caseIndex),
      rows.map((r) => r.repeat),
      rows.map((r) => pgText(r.output)),
      rows.map((r) => (r.error === undefined ? null : pgText(r.error))),
      rows.map((r) => r.latencyMs),
      rows.map((r) => r.inputTokens),
      rows.map((r) => r.outputTokens),
      rows.map((r) => (r.costUsd === undefined || !Number.isFinite(r.costUsd) ? null : r.costUsd)),
      rows.map((r) => r.model),
      rows.map((r) => r.cached),
      rows.map((r) => r.createdAt),
    ],
  );
  const m: {
    run: string[];
    seq: number[];
    name: string[];
    value: (number | null)[];
    pass: (boolean | null)[];
  } = {
    run: [],
    seq: [],
    name: [],
    value: [],
    pass: [],
  };
  for (const r of rows) {
    for (const [name, value] of Object.entries(r.metrics)) {
      m.run.push(r.runId);
      m.seq.push(r.seq);
      m.name.push(name);
      m.value.push(Number.isFinite(value) ? value : null);
      m.pass.push(r.passes[name] ?? null);
    }
  }
  if (m.run.length === 0) return;
  await c.query(
    `INSERT INTO metrics (run_id, seq, name, value, pass)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[], $5::bool[])
     ON CONFLICT (run_id, seq, name) DO NOTHING`,
    [m.run, m.seq, m.name, m.value, m.pass],
  );
}

/** A hash already stored keeps its first record (a version has one origin); so does the first of a batch. */
export async function insertLineage(c: pg.PoolClient, records: readonly LineageRecord[]): Promise<void> {
  if (records.length === 0) return;
  await c.query(
    `INSERT INTO lineage (hash, name, run_id, candidate_id, generation, operator, parents, fitness, created_at)
     SELECT h, n, r, c, g, o, p, f, at FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[],
       $6::text[], $7::jsonb[], $8::jsonb[], $9::timestamptz[]) WITH ORDINALITY AS t(h, n, r, c, g, o, p, f, at, ord)
     ORDER BY ord ON CONFLICT (hash) DO NOTHING`,
    [
      records.map((r) => r.hash),
      records.map((r) => r.name),
      records.map((r) => r.runId),
      records.map((r) => r.candidateId),
      records.map((r) => r.generation),
      records.map((r) => r.operator),
      records.map((r) => pgJson(r.parents)),
      records.map((r) => pgJson(r.fitness)),
      records.map((r) => r.createdAt),
    ],
  );
}

/** Pages through the evaluations by key (no long-held cursor) into a JSONL file; returns the row count. */
async function writeJsonl(q: Queryable, path: string, runId: string | undefined): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  try {
    let after: [string, number] = ['', -1];
    for (;;) {
      const params: unknown[] = [after[0], after[1]];
      let where = '(e.run_id, e.seq) > ($1, $2)';
      if (runId !== undefined) {
        params.push(runId);
        where += ' AND e.run_id = $3';
      }
      const r = await q.query(
        `${EVALUATION_SELECT} WHERE ${where} ORDER BY e.run_id, e.seq LIMIT 5000`,
        params,
      );
      if (r.rows.length === 0) break;
      let chunk = '';
      for (const row of r.rows) chunk += `${JSON.stringify(exportRow(row))}\n`;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      rows += r.rows.length;
      const last = r.rows.at(-1) as Row;
      after = [String(last.run_id), Number(last.seq)];
    }
  } finally {
    out.end();
    await finished(out);
  }
  return rows;
}

async function writeEmpty(path: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, '');
}
