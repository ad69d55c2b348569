/**
 * [issue 15, item 6] A run whose calls fail is not a success: with every call failing (no server listening)
 * `eval` prints the first distinct errors, stores the run as `failed` and exits 1; above `--max-error-rate`
 * the run is stored as `completed-with-errors` and the command exits 1 too.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const dirs: string[] = [];
let server: Awaited<ReturnType<typeof startOpenAiServer>>;
let closedUrl: string;

before(async () => {
  // Every third request is refused with a 400 (not retried): a third of the calls fail.
  server = await startOpenAiServer({
    script: (n) =>
      n % 3 === 0
        ? { type: 'error', status: 500, message: 'overloaded number three' }
        : { type: 'success', text: 'billing' },
  });
  // A port nothing listens on: every call fails to connect, as with no network.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  closedUrl = `http://127.0.0.1:${port}/v1`;
});
after(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(baseUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-errors-'));
  dirs.push(dir);
  cpSync(templates, dir, { recursive: true });
  const config = readFileSync(join(dir, 'evohub.yaml'), 'utf8').replace(
    /providers:\n/,
    `providers:\n  local:\n    type: openai\n    baseUrl: ${baseUrl}\n    apiKeyEnv: none\n    maxRetries: 0\n`,
  );
  writeFileSync(join(dir, 'evohub.yaml'), config);
  return dir;
}

async function evohub(dir: string, args: string[]) {
  const m = memoryContext(dir, {});
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

async function storedRuns(dir: string): Promise<RunRecord[]> {
  const r = await evohub(dir, ['runs', '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as RunRecord[];
}

test('every call failing: the errors are printed, the run is failed, exit 1', async () => {
  const dir = repo(closedUrl);
  const r = await evohub(dir, ['eval', 'ticket-triage', '--provider', 'local/m', '--sample', '6']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /6 of 6 calls failed \(100%\); first distinct errors:\n {2}6× /);
  assert.match(r.err, /all 6 calls failed/);
  const runs = await storedRuns(dir);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]?.status, 'failed');
});

test('above --max-error-rate: completed-with-errors and exit 1; within it: completed and exit 0', async () => {
  const dir = repo(server.baseUrl);
  const r = await evohub(dir, [
    'eval',
    'ticket-triage',
    '--provider',
    'local/m',
    '--sample',
    '9',
    '--no-cache',
  ]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /3 of 9 calls failed \(33%\)/);
  assert.match(r.err, /3× .*overloaded number three/);
  assert.match(r.err, /more than --max-error-rate 0\.1 allows/);
  assert.equal((await storedRuns(dir))[0]?.status, 'completed-with-errors');

  const ok = await evohub(dir, [
    'eval',
    'ticket-triage',
    '--provider',
    'local/m',
    '--sample',
    '9',
    '--no-cache',
    '--max-error-rate',
    '0.5',
  ]);
  assert.equal(ok.code, 0, ok.err);
  assert.ok((await storedRuns(dir)).some((run) => run.status === 'completed'));
});
