import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

test('evohub worker --results-url takes only PostgreSQL (a DuckDB file has one writing process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-worker-url-'));
  try {
    const m = memoryContext(dir, { HOME: dir });
    const code = await runCli(
      ['worker', '--redis', 'redis://127.0.0.1:1', '--results-url', '.evohub/results.duckdb'],
      m.ctx,
    );
    assert.equal(code, 2);
    assert.match(
      m.stderr(),
      /--results-url for a worker must be a PostgreSQL URL, got "\.evohub\/results\.duckdb"/,
    );
    assert.match(m.stderr(), /the coordinator writes every evaluation/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
