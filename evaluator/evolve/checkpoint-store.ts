/**
 * Checkpoints of evolution runs in the results database (table `checkpoints`): after every generation
 * the loop state (engine snapshot included) and that generation's lineage records are written in ONE
 * transaction, so a kill leaves either the previous checkpoint or the new one, never half of it.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '../../core/errors.ts';
import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';
import { ensureLineageTable, insertLineage, tableExists } from '../lineage/duckdb-lineage-store.ts';
import { withConnection } from '../store/duckdb-open.ts';

/** The port, for evaluator/store/checkpoints-of-store.ts until it imports core/ports/checkpoint-store.ts. */

const DDL = `CREATE TABLE IF NOT EXISTS checkpoints (
  run_id VARCHAR NOT NULL, generation INTEGER NOT NULL, state VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, generation))`;

async function ensure(conn: DuckDBConnection): Promise<void> {
  await conn.run(DDL);
  await ensureLineageTable(conn);
}

export function duckDbCheckpointStore(dbPath: string): CheckpointStore {
  const write = <T>(work: (conn: DuckDBConnection) => Promise<T>) =>
    withConnection(dbPath, { readOnly: false }, async (conn) => {
      await ensure(conn);
      await conn.run('BEGIN TRANSACTION');
      try {
        const out = await work(conn);
        await conn.run('COMMIT');
        return out;
      } catch (error) {
        await conn.run('ROLLBACK');
        throw error;
      }
    });
  return {
    save: (runId, generation, state, lineage) =>
      write(async (conn) => {
        await insertLineage(conn, lineage);
        await conn.run('INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, now()::TIMESTAMP)', [
          runId,
          generation,
          JSON.stringify(state),
        ]);
      }),
    recordLineage: (lineage) => write((conn) => insertLineage(conn, lineage)),
    latest: async (runId) => {
      if (!existsSync(dbPath)) return undefined;
      // Read-write: after a kill the file may hold a write-ahead log that only a writer can replay.
      return withConnection(dbPath, { readOnly: false }, async (conn) => {
        if (!(await tableExists(conn, 'checkpoints'))) return undefined;
        const r = await conn.runAndReadAll(
          'SELECT generation, state FROM checkpoints WHERE run_id = ? ORDER BY generation DESC LIMIT 1',
          [runId],
        );
        const row = r.getRowObjectsJson()[0];
        if (!row) return undefined;
        return { generation: Number(row.generation), state: JSON.parse(String(row.state)) };
      });
    },
  };
}

export async function requireCheckpoint(store: CheckpointStore, runId: string) {
  const found = await store.latest(runId);
  if (!found) {
    throw new NotFoundError(`no checkpoint for evolution run "${runId}"`, {
      hint: 'list runs with `npx evohub runs`; only runs that finished a generation can be resumed',
    });
  }
  return found;
}
