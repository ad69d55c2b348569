/**
 * The browser tests' repository: the quick-start template (`evohub init`), an eval of the original, an evolve
 * with the simulated provider (winner committed on a branch), and an eval of the winner on the same cases, so
 * every page has something to show: versions to diff, runs to compare, candidates with lineage.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from '../../../adapters/git/testing.ts';
import type { GateDecisionRecord } from '../../../core/gate/decision-record.ts';

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
  /** A MAP-Elites run (not committed): its archive is the heat map. */
  archiveRun: string;
  /** A write-scope API key (`evohub serve keys create --scope write`). */
  writeKey: string;
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
  const archive = JSON.parse(
    evohub(
      dir,
      'evolve',
      prompt,
      '--algorithm',
      'map-elites',
      '--generations',
      '3',
      '--population',
      '6',
      '--no-commit',
      '--json',
    ).stdout,
  );
  writeGateDecisions(dir, prompt);
  const key = JSON.parse(
    evohub(dir, 'serve', 'keys', 'create', '--scope', 'write', '--name', 'browser-test', '--json').stdout,
  );
  return {
    dir,
    prompt,
    evalRun: runIdOf(first),
    evolveRun: report.runId,
    winnerEvalRun: runIdOf(second),
    winnerBranch: report.branch,
    winnerHash: report.winner.hash,
    baselineHash: report.baseline.hash,
    archiveRun: archive.runId,
    writeKey: key.key,
  };
}

/**
 * A quick-start repository whose simulated model waits its modelled latency (so an evolve takes seconds, not
 * milliseconds, and can be watched), with a write key. Returns the key.
 */
export function buildLiveFixture(dir: string): { writeKey: string } {
  evohub(dir, 'init');
  const config = join(dir, 'evohub.yaml');
  const text = readFileSync(config, 'utf8');
  assert.match(text, /^providers:\n/m);
  writeFileSync(
    config,
    text.replace(/^providers:\n/m, 'providers:\n  simulated:\n    simulateLatency: true\n'),
  );
  const key = JSON.parse(evohub(dir, 'serve', 'keys', 'create', '--scope', 'write', '--json').stdout);
  return { writeKey: key.key };
}

/**
 * The decision log `evohub gate` appends (.evohub/gate-decisions.jsonl): a canary checked every 10 minutes that
 * continues twice and is then promoted. Written here because the gate needs a Prometheus with canary traffic;
 * test/gate/ covers the gate writing it.
 */
function writeGateDecisions(dir: string, prompt: string): void {
  const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 12, min)).toISOString();
  const record = (
    min: number,
    decision: GateDecisionRecord['decision'],
    estimate: number,
    half: number,
    n: number,
  ) =>
    ({
      at: at(min),
      rollout: `${prompt}-rollout`,
      prompt,
      decision,
      reason: decision === 'promote' ? 'canary better on exact-label' : 'not enough evidence yet',
      window: '10m',
      requests: { stable: n, canary: n },
      primary: {
        metric: 'exact-label',
        estimate,
        ci: [estimate - half, estimate + half],
        outcome: decision === 'promote' ? 'better' : 'inconclusive',
      },
    }) satisfies GateDecisionRecord;
  const lines = [
    record(0, 'continue', 0.05, 0.2, 120),
    record(10, 'continue', 0.08, 0.11, 480),
    record(20, 'promote', 0.09, 0.06, 1500),
  ];
  writeFileSync(
    join(dir, '.evohub', 'gate-decisions.jsonl'),
    `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
  );
}

function runIdOf(evalJson: { runId?: string; run?: { id?: string } }): string {
  const id = evalJson.runId ?? evalJson.run?.id;
  assert.ok(id, `eval --json names its run: ${JSON.stringify(evalJson).slice(0, 200)}`);
  return id;
}
