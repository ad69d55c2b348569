/**
 * Feedback in PostgreSQL (table `evohub_feedback_cases`): many application pods write, `feedback pull` reads.
 * The password comes from PGPASSWORD, never from the URL in evohub.yaml; messages show the URL redacted.
 */
import type { Pool } from 'pg';
import { EvohubError } from '../../core/errors.ts';
import type { FeedbackCase } from '../../core/feedback/feedback-case.ts';
import type { FeedbackSink, FeedbackSource } from '../../core/ports/feedback.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { ensureFeedbackSchema } from './postgres-migrations.ts';

function pgError(url: string, what: string, cause: unknown): EvohubError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new EvohubError(
    'IO',
    `feedback store ${redactUrl(url)}: ${what} failed: ${why.split(url).join(redactUrl(url))}`,
    {
      hint: 'check the URL (feedback.postgres in evohub.yaml or --url) and PGPASSWORD',
    },
  );
}

/**
 * One pool per sink or source, made on first use (so that importing evohub/runtime does not load `pg`), with
 * the schema ensured once.
 */
function pooled(url: string) {
  let ready: Promise<Pool> | null = null;
  const ensure = (): Promise<Pool> => {
    ready ??= (async () => {
      const { default: pg } = await import('pg');
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const client = await pool.connect().catch(async (e: unknown) => {
        await pool.end().catch(() => undefined);
        throw e;
      });
      try {
        await ensureFeedbackSchema(client);
      } finally {
        client.release();
      }
      return pool;
    })().catch((e: unknown) => {
      ready = null;
      throw pgError(url, 'preparing the feedback table', e);
    });
    return ready;
  };
  const close = async () => {
    const pool = await ready?.catch(() => null);
    await pool?.end();
  };
  return { ensure, close };
}

export function postgresFeedbackSink(url: string): FeedbackSink {
  const { ensure, close } = pooled(url);
  return {
    async write(c) {
      const pool = await ensure();
      try {
        await pool.query(
          `INSERT INTO evohub_feedback_cases (id, recorded_at, prompt, version, variables, output, expected, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
          [
            c.id,
            c.time,
            c.prompt,
            c.version,
            JSON.stringify(c.variables),
            c.output ?? null,
            c.expected === undefined ? null : JSON.stringify(c.expected),
            c.reason ?? null,
          ],
        );
      } catch (e) {
        throw pgError(url, 'recording a case', e);
      }
    },
    close,
  };
}

type Row = {
  id: string;
  recorded_at: Date;
  prompt: string;
  version: string;
  variables: Record<string, unknown>;
  output: string | null;
  expected: unknown;
  reason: string | null;
};

export function postgresFeedbackSource(url: string): FeedbackSource {
  const { ensure, close } = pooled(url);
  return {
    description: `PostgreSQL ${redactUrl(url)} (evohub_feedback_cases)`,
    async read({ since }) {
      const pool = await ensure();
      let rows: Row[];
      try {
        rows = (
          await pool.query<Row>(
            'SELECT * FROM evohub_feedback_cases WHERE recorded_at >= $1 ORDER BY recorded_at, id',
            [since ?? new Date(0)],
          )
        ).rows;
      } catch (e) {
        throw pgError(url, 'reading cases', e);
      }
      return rows.map(
        (r): FeedbackCase => ({
          id: r.id,
          time: r.recorded_at.toISOString(),
          prompt: r.prompt,
          version: r.version,
          variables: r.variables,
          ...(r.output !== null ? { output: r.output } : {}),
          ...(r.expected !== null ? { expected: r.expected } : {}),
          ...(r.reason !== null ? { reason: r.reason } : {}),
        }),
      );
    },
    close,
  };
}
