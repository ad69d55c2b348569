/**
 * A quick-start repository for the server tests: the classification template committed, one simulated eval,
 * one NSGA-II and one MAP-Elites evolve (the winner committed on its branch), and two gate decisions logged.
 * Built once per test file, in-process, with the simulated provider (no network).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy, removeDir, tempDir } from '../../adapters/git/testing.ts';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import { type RunningServer, type ServeFlags, startServe } from '../../cli/serve/run-serve.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));

export const gitEnv = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
  PATH: process.env.PATH,
};

export type Fixture = {
  dir: string;
  evalRun: string;
  evolveRun: string;
  mapElitesRun: string;
  branch: string;
  remove(): void;
};

export async function evohub(dir: string, args: string[], env: Record<string, string | undefined> = {}) {
  const m = memoryContext(dir, { ...gitEnv, HOME: dir, ...env });
  const code = await runCli(args, m.ctx);
  if (code !== 0) throw new Error(`evohub ${args.join(' ')} exited ${code}: ${m.stderr()}`);
  return m.stdout();
}

export async function buildFixture(o: { evolve?: boolean } = {}): Promise<Fixture> {
  const dir = tempDir('evohub-serve-');
  commitTemplateCopy(templates, dir);
  const evalRun = (JSON.parse(await evohub(dir, ['eval', 'ticket-triage', '--json'])) as { runId: string })
    .runId;
  const evolve =
    o.evolve === false
      ? { runId: '', branch: '' }
      : (JSON.parse(
          await evohub(dir, ['evolve', 'ticket-triage', '--generations', '2', '--population', '4', '--json']),
        ) as { runId: string; branch: string });
  const mapElites =
    o.evolve === false
      ? { runId: '' }
      : (JSON.parse(
          await evohub(dir, [
            'evolve',
            'ticket-triage',
            '--algorithm',
            'map-elites',
            '--generations',
            '2',
            '--population',
            '4',
            '--no-commit',
            '--json',
          ]),
        ) as { runId: string });
  mkdirSync(path.join(dir, '.evohub'), { recursive: true });
  const log = path.join(dir, '.evohub', 'gate-decisions.jsonl');
  for (const [at, decision] of [
    ['2026-01-01T00:00:00Z', 'continue'],
    ['2026-01-01T00:10:00Z', 'promote'],
  ] as const) {
    const record = {
      at,
      rollout: 'ticket-triage',
      prompt: 'ticket-triage',
      decision,
      reason: 'test',
      window: '10m',
      requests: { stable: 100, canary: 100 },
      primary: { metric: 'success', estimate: 0.05, ci: [0.01, null], outcome: 'better' },
    };
    appendFileSync(log, `${JSON.stringify(record)}\n`);
  }
  return {
    dir,
    evalRun,
    evolveRun: evolve.runId,
    mapElitesRun: mapElites.runId,
    branch: evolve.branch,
    remove: () => removeDir(dir),
  };
}

/** `evohub serve` on a free port, in-process, over real HTTP. */
export async function serveFixture(
  dir: string,
  flags: ServeFlags = {},
  env: Record<string, string | undefined> = {},
  pollMs?: number,
): Promise<RunningServer & { stdout: () => string }> {
  const m = memoryContext(dir, { ...gitEnv, HOME: dir, ...env });
  const running = await startServe(m.ctx, { port: '0', ...flags }, { pollMs });
  return { ...running, stdout: m.stdout };
}
