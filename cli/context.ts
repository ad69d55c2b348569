/**
 * What a command may touch of the outside world. Injected so that commands run in-process in tests
 * (no process.env or process.cwd deep inside logic).
 */
export type Output = { write(chunk: string): unknown; isTTY?: boolean };

export type CliContext = {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: Output;
  stderr: Output;
  /** Reads all of standard input (for `-` arguments). */
  readStdin: () => Promise<string>;
};

export function processContext(): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Collects output in memory; for in-process tests. */
export function memoryContext(cwd: string, env: Record<string, string | undefined> = {}, stdin = '') {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    cwd,
    env,
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    readStdin: async () => stdin,
  };
  return {
    ctx,
    stdout: () => out,
    stderr: () => err,
  };
}
