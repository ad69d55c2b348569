/** Helpers for tests on real repositories in temporary folders, driven by the git CLI. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Fixed identity and dates so that tests do not depend on the machine's git config or clock. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'evohub-git-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A new repository on branch main with a local user. */
export function tempRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Ada Tester');
  git(dir, 'config', 'user.email', 'ada@example.com');
  return dir;
}

/** Copies a template folder into `dir` and commits it as `template` on a new branch main. */
export function commitTemplateCopy(templateDir: string, dir: string): void {
  cpSync(templateDir, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'template');
}

export function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/** Commits all changes with the git CLI; returns the new HEAD oid. */
export function commitAll(dir: string, message: string, date = '2026-01-01T00:00:00Z'): string {
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], {
    cwd: dir,
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export function promptYaml(version: number, system: string, extra = ''): string {
  return `# triage prompt (comment kept)
name: Ticket triage
model: openai/gpt-4o-mini
version: ${version}
modelParameters:
  temperature: 0.2
messages:
  - role: system
    content: |
      ${system.split('\n').join('\n      ')}
  - role: user
    content: "{{input}}"
${extra}`;
}

/** Every ref and its oid, plus HEAD's target: compared before/after to prove nothing moved. */
export function refsSnapshot(dir: string): string {
  return `${git(dir, 'symbolic-ref', '-q', 'HEAD').trim()}\n${git(dir, 'show-ref')}`;
}

export function fsckStrict(dir: string): void {
  git(dir, 'fsck', '--strict', '--no-progress');
}
