/**
 * Push benchmark over a real smart-HTTP remote (git http-backend): a repository of 200 prompt files (~2 KB each)
 * pushed whole, then 20 proposal branches of one changed file each (what `propose` pushes), then a no-op re-push.
 * Prints ONE JSON line. Run: npx node bench/push-smart-http.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pushBranch } from '../adapters/git/push.ts';
import { startGitHttpServer } from '../test/git-http/server.ts';

const FILES = 200;
const BRANCHES = 20;
const TOKEN = 'bench-token';
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@e.st',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@e.st',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'evohub-bench-push-'));
git(dir, 'init', '-q', '-b', 'main');
mkdirSync(join(dir, 'prompts'));
for (let i = 0; i < FILES; i++) {
  writeFileSync(
    join(dir, 'prompts', `p${i}.prompt.yml`),
    `name: p${i}\nmessages:\n  - role: system\n    content: "${'x'.repeat(2000)} ${i}"\n`,
  );
}
git(dir, 'add', '-A');
git(dir, 'commit', '-q', '-m', 'base');
for (let b = 0; b < BRANCHES; b++) {
  git(dir, 'checkout', '-q', '-b', `evohub/p/${b}`, 'main');
  writeFileSync(join(dir, 'prompts', `p${b}.prompt.yml`), `name: p${b}\nversion: 2\n`);
  git(dir, 'commit', '-q', '-am', `winner ${b}`);
}
git(dir, 'checkout', '-q', 'main');

const server = await startGitHttpServer({ token: TOKEN });
const t0 = performance.now();
await pushBranch({ dir, remoteUrl: server.url, branch: 'main', token: TOKEN });
const initialMs = performance.now() - t0;
const t1 = performance.now();
for (let b = 0; b < BRANCHES; b++)
  await pushBranch({ dir, remoteUrl: server.url, branch: `evohub/p/${b}`, token: TOKEN });
const branchMs = (performance.now() - t1) / BRANCHES;
const t2 = performance.now();
const again = await pushBranch({ dir, remoteUrl: server.url, branch: 'evohub/p/0', token: TOKEN });
const noopMs = performance.now() - t2;
await server.close();
rmSync(dir, { recursive: true, force: true });
if (again.updated) throw new Error('re-push should be a no-op');
process.stdout.write(
  `${JSON.stringify({
    bench: 'push-smart-http',
    files: FILES,
    initialPushMs: Math.round(initialMs),
    proposalBranchPushMs: Math.round(branchMs),
    noopRepushMs: Math.round(noopMs),
  })}\n`,
);
