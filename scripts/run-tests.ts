/**
 * Runs every `*.test.ts` outside node_modules with node's test runner. Slow end-to-end tests are named
 * `*.e2e.test.ts`; they run too (CI runs everything). `EVOHUB_TEST_ONLY=<substring>` narrows the set.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const only = process.env.EVOHUB_TEST_ONLY;
const files = globSync('**/*.test.ts', { exclude: (f) => f.includes('node_modules') || f.startsWith('.') })
  .filter((f) => !f.split('/').includes('node_modules'))
  .filter((f) => (only ? f.includes(only) : true))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=3', '--test-timeout=600000', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
