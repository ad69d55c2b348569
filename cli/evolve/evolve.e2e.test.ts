import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitTemplateCopy, git } from '../../adapters/git/testing.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { memoryContext } from '../context.ts';
import type { LineageJson } from '../lineage/run-lineage-command.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const node = process.execPath;
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
};

/** A git repository with the classification template committed on `main`. */
function templateRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-evolve-'));
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  return dir;
}

async function evohub(dir: string, args: string[]) {
  const m = memoryContext(dir, { ...gitEnv, HOME: dir });
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

/** Provider calls ever made in a repository: one response-cache entry per distinct paid call. */
function cacheEntries(dir: string): number {
  const root = join(dir, '.evohub', 'cache');
  let n = 0;
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json')) n++;
    }
  };
  walk(root);
  return n;
}

/** Everything about the user's checkout that evolve must not touch. */
function userState(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'symbolic-ref', 'HEAD'),
    index: git(dir, 'ls-files', '-s'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all', '--', '.', ':!.evohub'),
    prompt: readFileSync(join(dir, PROMPT), 'utf8'),
  };
}

describe('evohub evolve on the simulated classification template', () => {
  test('improves the held-out score by a clear margin within the default budget; winner on a new branch only', async () => {
    const dir = templateRepo();
    const before = userState(dir);
    const r = await evohub(dir, ['evolve', 'ticket-triage', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as EvolveReport;
    assert.match(r.err, /gen 1\/5 {2}best: exact-label/);
    assert.match(r.err, /front \d+ {2}hv /);
    assert.equal(j.status, 'completed');
    assert.equal(j.simulated, true);
    const base = j.baseline.heldOut['exact-label']?.mean as number;
    const win = j.winner.heldOut['exact-label']?.mean as number;
    // Before/after on the 13 held-out cases (never used for selection).
    assert.ok(win - base >= 0.25, `held-out exact-label ${base} -> ${win}`);
    assert.ok((j.improvement.ci[0] as number) > 0, 'the 95% CI of the paired difference excludes 0');
    assert.ok(j.evaluations.paidCalls <= 5000);
    assert.ok(j.evaluations.savedByRacing > 0);
    assert.ok(j.front.length >= 1 && j.front.some((f) => f.winner));
    assert.equal(j.winner.accepted, true);
    // The user's branch, index and working tree are untouched; the winner is on evohub/<name>/<run-id>.
    assert.deepEqual(userState(dir), before);
    assert.equal(j.branch, `evohub/ticket-triage/${j.runId}`);
    const committed = git(dir, 'show', `${j.branch}:${PROMPT}`);
    assert.match(committed, /^version: 2$/m);
    assert.match(committed, new RegExp(`parents:\\n\\s+- ${j.baseline.hash}`));
    assert.match(committed, new RegExp(`runId: ${j.runId}`));
    assert.match(committed, /^# Support-ticket triage/, 'comments kept');
    assert.equal(git(dir, 'rev-parse', `${j.branch}~1`), before.head);

    // Lineage: from the winner back to the human-written original.
    const l = await evohub(dir, ['lineage', `ticket-triage@${j.branch}`, '--json']);
    assert.equal(l.code, 0, l.err);
    const lj = JSON.parse(l.out) as LineageJson;
    assert.equal(lj.source, 'results');
    assert.equal(lj.hash, j.winner.hash);
    assert.deepEqual(lj.originals, [j.baseline.hash]);
    assert.equal(lj.ancestry[0]?.operator, j.winner.operator);
    const text = await evohub(dir, ['lineage', `ticket-triage@${j.branch}`]);
    assert.match(text.out, /original \(human-written\)/);

    // Resuming a finished run changes nothing: same branch, same commit, no call paid.
    const resumed = await evohub(dir, ['evolve', '--resume', j.runId, '--json']);
    assert.equal(resumed.code, 0, resumed.err);
    const rj = JSON.parse(resumed.out) as EvolveReport;
    assert.equal(rj.commit, j.commit);
    assert.deepEqual(rj.front, j.front);
    const refused = await evohub(dir, ['evolve', '--resume', j.runId, '--seed', '3']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /drop --seed/);

    // Same seed again: same winner, every call answered by the cache.
    const again = await evohub(dir, ['evolve', 'ticket-triage', '--json', '--no-commit']);
    const j2 = JSON.parse(again.out) as EvolveReport;
    assert.equal(j2.winner.hash, j.winner.hash);
    assert.deepEqual(j2.front, j.front);
    assert.equal(j2.evaluations.paidCalls, 0);
    assert.equal(j2.costUsd, 0);
  });

  test('every algorithm runs; a tight budget stops the run early and says so', async () => {
    const dir = templateRepo();
    for (const algorithm of ['ga', 'map-elites', 'cma-es']) {
      const r = await evohub(dir, [
        'evolve',
        PROMPT,
        '--algorithm',
        algorithm,
        '--generations',
        '2',
        '--population',
        '4',
        '--json',
        '--no-commit',
      ]);
      assert.equal(r.code, 0, `${algorithm}: ${r.err}`);
      const j = JSON.parse(r.out) as EvolveReport;
      assert.equal(j.algorithm, algorithm);
      assert.equal(j.generations, 2);
      assert.ok(j.front.length >= 1);
    }
    const r = await evohub(dir, [
      'evolve',
      PROMPT,
      '--budget-evals',
      '80',
      '--seed',
      '5',
      '--json',
      '--no-commit',
      '--surrogate',
    ]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as EvolveReport;
    assert.equal(j.status, 'stopped');
    assert.match(j.stoppedReason ?? '', /budget/i);
    assert.ok(j.evaluations.paidCalls <= 80, `${j.evaluations.paidCalls} paid calls`);
    const sur = await evohub(dir, [
      'evolve',
      PROMPT,
      '--surrogate',
      '--generations',
      '5',
      '--json',
      '--no-commit',
    ]);
    assert.equal(sur.code, 0, sur.err);
    const sj = JSON.parse(sur.out) as EvolveReport;
    assert.ok(sj.evaluations.savedBySurrogate > 0, 'the surrogate skipped some candidates');
    assert.ok(
      (sj.winner.heldOut['exact-label']?.mean as number) >
        (sj.baseline.heldOut['exact-label']?.mean as number),
    );
    const bad = await evohub(dir, ['evolve', PROMPT, '--algorithm', 'moead']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /nsga2/);
  });
});

describe('evohub evolve --resume after kill -9', () => {
  test('continues from the last checkpoint, repeats no paid call and ends like an uninterrupted run', async () => {
    const args = ['evolve', 'ticket-triage', '--generations', '8', '--json'];
    const reference = templateRepo();
    const u = await evohub(reference, args);
    assert.equal(u.code, 0, u.err);
    const uj = JSON.parse(u.out) as EvolveReport;

    const dir = templateRepo();
    const child: ChildProcess = spawn(node, [bin, ...args], {
      cwd: dir,
      env: { ...gitEnv, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Wait for the checkpoint of generation 2 (the progress line is printed after it is written), then kill -9.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/gen 2\/8/.test(err)) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`exited before generation 2: ${err}`));
        }
      }, 5);
    });
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL');
    const runId = /run (\S+),/.exec(err)?.[1] as string;
    assert.ok(runId, err);
    assert.equal(git(dir, 'branch', '--list', 'evohub/*').trim(), '', 'nothing committed by the killed run');
    const paidBeforeKill = cacheEntries(dir);

    const r = await evohub(dir, ['evolve', '--resume', runId, '--json']);
    assert.equal(r.code, 0, r.err);
    const resumedAt = Number(/resumed after generation (\d+)/.exec(r.err)?.[1]);
    assert.ok(resumedAt >= 2 && resumedAt < 8, r.err);
    const rj = JSON.parse(r.out) as EvolveReport;
    assert.equal(rj.resumed, true);
    assert.equal(rj.runId, runId);
    // Same result as the uninterrupted run with the same seed.
    assert.deepEqual(rj.winner, uj.winner);
    assert.deepEqual(rj.front, uj.front);
    assert.deepEqual(rj.history, uj.history);
    assert.deepEqual(rj.improvement, uj.improvement);
    // No paid call repeated: the killed and the resumed process together made exactly the uninterrupted run's calls.
    assert.equal(cacheEntries(dir), cacheEntries(reference));
    assert.equal(cacheEntries(reference), uj.evaluations.paidCalls);
    assert.ok(paidBeforeKill > 0 && paidBeforeKill < uj.evaluations.paidCalls);
    assert.equal(git(dir, 'branch', '--list', 'evohub/*').trim(), `evohub/ticket-triage/${runId}`);
  });
});

describe('evohub lineage without lineage records', () => {
  test('rebuilds the ancestry from lineage.parents in git history', async () => {
    const dir = templateRepo();
    const file = join(dir, PROMPT);
    const v1 = readFileSync(file, 'utf8');
    const h1 = promptContentHash(parsePrompt(v1, PROMPT).data);
    const v2 = `${v1.replace(/^version: 1$/m, 'version: 2').replace('We are based in Lisbon and love good coffee.', 'Answer with the label only.')}lineage:\n  parents: [${h1}]\n  runId: r-old\n  generation: 4\n  operator: rewrite\n`;
    writeFileSync(file, v2);
    git(dir, 'commit', '-qam', 'v2 from an earlier evolution');
    const h2 = promptContentHash(parsePrompt(v2, PROMPT).data);
    const r = await evohub(dir, ['lineage', 'ticket-triage@2', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as LineageJson;
    assert.equal(j.source, 'git');
    assert.equal(j.hash, h2);
    assert.deepEqual(
      j.ancestry.map((a) => [a.depth, a.hash, a.operator, a.version]),
      [
        [0, h2, 'rewrite', 2],
        [1, h1, 'original', 1],
      ],
    );
    assert.deepEqual(j.originals, [h1]);
  });
});
