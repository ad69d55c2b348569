import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evohub-gate-cli-'));
  await writeFile(join(dir, 'gate.yaml'), 'prompt: triage\nprimary: { metric: success }\n');
  await writeFile(join(dir, 'bad.yaml'), 'prompt: triage\nprimary: { metric: speed }\n');
});
after(() => rm(dir, { recursive: true, force: true }));

async function gate(...args: string[]) {
  const m = memoryContext(dir);
  const code = await runCli(['gate', ...args], m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

test('bad flags are usage errors (exit 2) naming the flag', async () => {
  const window = await gate(
    '--config',
    'gate.yaml',
    '--prometheus',
    'http://127.0.0.1:1',
    '--window',
    'soon',
  );
  assert.equal(window.code, 2);
  assert.match(window.err, /--window soon is not a duration/);
  const weight = await gate(
    '--config',
    'gate.yaml',
    '--prometheus',
    'http://127.0.0.1:1',
    '--canary-weight',
    '0',
  );
  assert.equal(weight.code, 2);
  assert.match(weight.err, /--canary-weight 0 must be a percentage/);
  const onContinue = await gate('--config', 'gate.yaml', '--on-continue', 'maybe');
  assert.equal(onContinue.code, 2);
  assert.match(onContinue.err, /maybe/);
  const noConfig = await gate();
  assert.equal(noConfig.code, 2, '--config is required');
  assert.match(noConfig.err, /--config <gate\.yaml> is required/);
  const serveNoConfig = await gate('serve', '--port', '0');
  assert.equal(serveNoConfig.code, 2);
  assert.match(serveNoConfig.err, /--config <gate\.yaml> is required/);
  const badPort = await gate('serve', '--config', 'gate.yaml', '--port', 'http');
  assert.equal(badPort.code, 2);
  assert.match(badPort.err, /--port http is not a port/);
});

test('a missing or invalid config, or no Prometheus URL, is a clear error (exit 1), never a decision', async () => {
  const missing = await gate('--config', 'nope.yaml');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /gate config nope\.yaml cannot be read/);
  const invalid = await gate('--config', 'bad.yaml');
  assert.equal(invalid.code, 1);
  assert.match(invalid.err, /bad\.yaml:2:20: primary\.metric: must be one of/);
  const noUrl = await gate('--config', 'gate.yaml');
  assert.equal(noUrl.code, 1);
  assert.match(noUrl.err, /no Prometheus URL/);
  assert.equal(missing.out + invalid.out + noUrl.out, '');
});
