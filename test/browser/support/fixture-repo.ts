/**
 * The browser tests' repository: the quick-start template (`evohub init`), an eval of the original, an evolve
 * with the simulated provider (winner committed on a branch), and an eval of the winner on the same cases, so
 * every page has something to show: versions to diff, runs to compare, candidates with lineage.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { git } from '../../../adapters/git/testing.ts';

export const BIN = fileURLToPath(new URL('../../../cli/bin.ts', import.meta.url));

export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/** Runs the real CLI in `cwd`; fails the test with its stderr when it exits non-zero. */
export function evohub(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_IDENTITY, NO_COLOR: '1' },
  });
  assert.equal(r.status, 0, `evohub ${args.join(' ')}: ${r.stderr}`);
  return r;
}

export type Fixture = {
  dir: string;
  prompt: string;
  evalRun: string;
  evolveRun: string;
  winnerEvalRun: string;
  winnerBranch: string;
  winnerHash: string;
  baselineHash: string;
};

/** Builds the fixture in `dir` (an empty folder). About 5 s with the simulated provider. */
export function buildFixture(dir: string): Fixture {
  const prompt = 'ticket-triage';
  evohub(dir, 'init');
  const first = JSON.parse(evohub(dir, 'eval', prompt, '--json').stdout);
  const report = JSON.parse(
    evohub(dir, 'evolve', prompt, '--generations', '3', '--population', '6', '--json').stdout,
  );
  assert.ok(report.branch, 'the fixture evolve committed a winner');
  git(dir, 'checkout', '-q', report.branch);
  const second = JSON.parse(evohub(dir, 'eval', prompt, '--json').stdout);
  git(dir, 'checkout', '-q', '-');
  return {
    dir,
    prompt,
    evalRun: runIdOf(first),
    evolveRun: report.runId,
    winnerEvalRun: runIdOf(second),
    winnerBranch: report.branch,
    winnerHash: report.winner.hash,
    baselineHash: report.baseline.hash,
  };
}

function runIdOf(evalJson: { runId?: string; run?: { id?: string } }): string {
  const id = evalJson.runId ?? evalJson.run?.id;
  assert.ok(id, `eval --json names its run: ${JSON.stringify(evalJson).slice(0, 200)}`);
  return id;
}
