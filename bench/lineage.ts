/**
 * Lineage benchmark; prints ONE JSON line.
 * Inserts 1,000,000 lineage records through DuckDB's Appender into a fresh results file (1,000 runs × 50
 * generations × 20 candidates; each candidate has two parents in the previous generation of its run, the first
 * generation descends from the run's human-written original), then measures ancestry queries of last-generation
 * candidates (the whole DAG back to the original: ~1,000 versions over 51 levels). Goal: ancestry < 100 ms.
 * Run: npx node bench/lineage.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LineageRecord } from '../core/evolve/lineage.ts';
import {
  ancestryOn,
  appendLineage,
  ensureLineageTable,
  LINEAGE_DDL,
} from '../evaluator/lineage/duckdb-lineage-store.ts';

const RUNS = 1000;
const GENERATIONS = 50;
const PER_GENERATION = 20;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

let state = 12345;
const rand = (n: number) => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state % n;
};

function* records(): Generator<LineageRecord> {
  const createdAt = '2026-01-01T00:00:00.000Z';
  for (let run = 0; run < RUNS; run++) {
    const runId = `run-${run}`;
    const original = hash(`${run}:original`);
    yield {
      hash: original,
      name: `p${run % 50}`,
      runId,
      candidateId: -1,
      generation: 0,
      operator: 'original',
      parents: [],
      fitness: {},
      createdAt,
    };
    let prev = [original];
    // 1 original + 49 generations × 20 + 19 = 1,000 per run
    for (let g = 0; g < GENERATIONS && (g + 1) * PER_GENERATION <= 1000; g++) {
      const count = g === GENERATIONS - 1 ? PER_GENERATION - 1 : PER_GENERATION;
      const cur: string[] = [];
      for (let i = 0; i < count; i++) {
        const h = hash(`${run}:${g}:${i}`);
        const a = prev[rand(prev.length)] as string;
        const b = prev[rand(prev.length)] as string;
        yield {
          hash: h,
          name: `p${run % 50}`,
          runId,
          candidateId: g * PER_GENERATION + i,
          generation: g + 1,
          operator: 'rewrite',
          parents: a === b ? [a] : [a, b],
          fitness: { score: i / count },
          createdAt,
        };
        cur.push(h);
      }
      prev = cur;
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'evohub-lineage-bench-'));
try {
  const instance = await DuckDBInstance.create(join(dir, 'results.duckdb'));
  const conn = await instance.connect();
  // Bulk load: table, Appender, then the indexes (built once instead of maintained row by row).
  await conn.run(LINEAGE_DDL[0] as string);
  const t0 = performance.now();
  await conn.run('BEGIN TRANSACTION');
  const inserted = await appendLineage(conn, records());
  await conn.run('COMMIT');
  const appendMs = performance.now() - t0;
  await ensureLineageTable(conn);
  const insertMs = performance.now() - t0;
  const times: number[] = [];
  let ancestors = 0;
  let depth = 0;
  for (let q = 0; q < 20; q++) {
    const run = (q * 37) % RUNS;
    const target = hash(`${run}:${GENERATIONS - 1}:${q % (PER_GENERATION - 1)}`);
    const t = performance.now();
    const anc = await ancestryOn(conn, target);
    times.push(performance.now() - t);
    ancestors = anc.length;
    depth = Math.max(...anc.map((a) => a.depth));
    if (!anc.some((a) => a.operator === 'original')) throw new Error('ancestry did not reach the original');
  }
  times.sort((a, b) => a - b);
  conn.closeSync();
  instance.closeSync();
  console.log(
    JSON.stringify({
      bench: 'lineage',
      records: inserted,
      insertMs: Math.round(insertMs),
      appendMs: Math.round(appendMs),
      insertPerSecond: Math.round(inserted / (insertMs / 1000)),
      ancestryMedianMs: Number(times[Math.floor(times.length / 2)]?.toFixed(1)),
      ancestryBestMs: Number(times[0]?.toFixed(1)),
      ancestryP95Ms: Number(times[Math.floor(times.length * 0.95)]?.toFixed(1)),
      ancestorsPerQuery: ancestors,
      depth,
      goalMs: 100,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
