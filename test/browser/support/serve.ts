/** `evohub serve` as a user starts it, on a free loopback port, stopped when the test ends. */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../support/free-port.ts';
import { BIN, GIT_IDENTITY } from './fixture-repo.ts';

export type Served = { url: string; process: ChildProcess; stop(): Promise<void> };

/** Starts the server in `dir` with `args` and resolves once it printed the URL it listens on. */
export async function serve(dir: string, args: string[] = []): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], {
    cwd: dir,
    env: { ...process.env, ...GIT_IDENTITY, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`evohub serve printed no URL in 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /https?:\/\/[^\s]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // The server's own reports of a bug reach the test's output, to say what a 500 was.
    child.stderr.on('data', (chunk: Buffer) => {
      if (chunk.includes('internal error')) process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`evohub serve exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
