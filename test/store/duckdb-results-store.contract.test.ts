import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { resultsStoreContract } from './results-store.contract.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

resultsStoreContract('duckdb', {
  fresh: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evohub-duck-contract-'));
    dirs.push(dir);
    const path = join(dir, '.evohub', 'results.duckdb');
    return { open: (mode) => new DuckDbResultsStore(path, { mode }) };
  },
});
