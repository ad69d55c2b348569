import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildFixture, type Fixture, gitEnv } from './fixture.ts';

const bin = fileURLToPath(new URL('../../cli/bin.ts', import.meta.url));
let fx: Fixture;
before(async () => {
  fx = await buildFixture({ evolve: false });
});
after(() => fx?.remove());

test('`evohub serve` prints the URL it listens on, answers there, and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    cwd: fx.dir,
    env: { ...gitEnv, HOME: fx.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const info = (await (await fetch(new URL('/api/v1/info', url))).json()) as {
    auth: boolean;
    writable: boolean;
  };
  assert.deepEqual([info.auth, info.writable], [false, true]);
  const runs = (await (await fetch(new URL('/api/v1/runs', url))).json()) as { runs: { id: string }[] };
  assert.deepEqual(
    runs.runs.map((r) => r.id),
    [fx.evalRun],
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, err);
});

test('a public host without --auth is refused with exit 2 and a hint', async () => {
  const child = spawn(process.execPath, [bin, 'serve', '--host', '0.0.0.0', '--port', '0'], {
    cwd: fx.dir,
    env: { ...gitEnv, HOME: fx.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 2);
  assert.match(err, /needs --auth/);
});
