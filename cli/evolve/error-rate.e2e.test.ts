/**
 * [issue 15, item 6] `evolve` where every provider call fails (nothing listening) prints the first distinct
 * errors, stores the run as `failed` and exits 1 instead of reporting an evolution of empty scores.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitAll, commitTemplateCopy, tempDir } from '../../adapters/git/testing.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { freePort } from '../../test/support/free-port.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('evolve with every call failing: errors printed, run stored as failed, exit 1', async () => {
  const dir = tempDir('evohub-evolve-errors-');
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  const port = await freePort();
  const config = readFileSync(join(dir, 'evohub.yaml'), 'utf8').replace(
    /providers:\n/,
    `providers:\n  local:\n    type: openai\n    baseUrl: http://127.0.0.1:${port}/v1\n    apiKeyEnv: none\n    maxRetries: 0\n`,
  );
  writeFileSync(join(dir, 'evohub.yaml'), config);
  writeFileSync(
    join(dir, PROMPT),
    readFileSync(join(dir, PROMPT), 'utf8').replace('model: simulated/ticket-triage', 'model: local/m'),
  );
  commitAll(dir, 'a local provider');
  const m = memoryContext(dir, { PATH: process.env.PATH ?? '', HOME: dir });
  const code = await runCli(
    [
      'evolve',
      'ticket-triage',
      '--generations',
      '1',
      '--population',
      '2',
      '--optimizer',
      'simulated/ticket-triage',
    ],
    m.ctx,
  );
  assert.equal(code, 1, m.stderr());
  assert.match(m.stderr(), /(\d+) of \1 calls failed \(100%\); first distinct errors:\n {2}\d+× /);
  const r = memoryContext(dir);
  assert.equal(await runCli(['runs', '--json'], r.ctx), 0);
  const runs = JSON.parse(r.stdout()) as RunRecord[];
  assert.equal(runs.find((x) => x.kind === 'evolve')?.status, 'failed');
});
