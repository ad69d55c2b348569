/**
 * The Dockerfile's steps, run without Docker (no daemon or base-image registry on our machines): each stage gets
 * a temp folder standing for its WORKDIR, COPY copies the same files from the repository (or from an earlier
 * stage's folder), RUN runs the same command with bash there, ENV PATH is applied. npm runs offline from the
 * cache `npm ci` filled, through a private copy of it (the image's `npm cache clean --force` must not empty the
 * user's cache), `node` is the pinned Node 24 (the base image's Node). The
 * resulting app folder is then the image's: `evohub` on its PATH, no development dependencies.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pinnedNodePath, REPO_ROOT } from './install.ts';

type Instruction = { op: string; args: string };
type Stage = {
  name: string;
  workdir: string;
  dir: string;
  path: string[];
  user?: string;
  entrypoint?: string[];
};

/** The Dockerfile's instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l);
      assert.ok(m, `Dockerfile line: ${l}`);
      return { op: (m[1] as string).toUpperCase(), args: m[2] as string };
    });
}

const root = mkdtempSync(join(tmpdir(), 'evohub-dockerfile-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the Dockerfile's stages; returns the final stage. */
function runDockerfile(): Stage {
  const path = pinnedNodePath(root);
  const npmCache = join(root, 'npm-cache');
  const userCache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
  cpSync(userCache, npmCache, { recursive: true, filter: (f) => !f.includes('/_logs') });
  const stages: Stage[] = [];
  const current = (): Stage => {
    const s = stages.at(-1);
    assert.ok(s, 'an instruction before FROM');
    return s;
  };
  /** A path inside a stage's image: only paths under its WORKDIR exist in our stand-in folder. */
  const local = (s: Stage, p: string): string => {
    const abs = p.startsWith('/') ? p : `${s.workdir}/${p}`;
    assert.ok(abs.startsWith(s.workdir), `${p} is outside the stage's WORKDIR ${s.workdir}`);
    return join(s.dir, abs.slice(s.workdir.length));
  };
  for (const { op, args } of parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'))) {
    if (op === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      assert.match(image ?? '', /^node:24-slim$/);
      stages.push({ name: name ?? `stage${stages.length}`, workdir: '/', dir: '', path: [] });
    } else if (op === 'WORKDIR') {
      const s = current();
      s.workdir = args;
      s.dir = join(root, s.name);
      mkdirSync(s.dir, { recursive: true });
    } else if (op === 'COPY') {
      const s = current();
      const parts = args.split(/\s+/);
      const from = parts[0]?.startsWith('--from=') ? parts.shift()?.slice('--from='.length) : undefined;
      const dest = parts.pop() as string;
      for (const src of parts) {
        const source = from ? local(stages.find((x) => x.name === from) as Stage, src) : join(REPO_ROOT, src);
        const target = dest.endsWith('/')
          ? join(local(s, dest), src.split('/').pop() as string)
          : local(s, dest);
        cpSync(source, target, {
          recursive: true,
          // The build context as .dockerignore leaves it (tests are not copied).
          filter: (f) => !/\.test\.ts$|\/node_modules(\/|$)/.test(f),
        });
      }
    } else if (op === 'RUN') {
      const s = current();
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', args], {
        cwd: s.dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          PATH: [...s.path, path].join(':'),
          npm_config_offline: 'true',
          npm_config_cache: npmCache,
          npm_config_update_notifier: 'false',
        },
      });
      assert.equal(r.status, 0, `RUN ${args}\n${r.stdout}\n${r.stderr}`);
    } else if (op === 'ENV') {
      const s = current();
      const m = /^PATH=(.*)$/.exec(args);
      if (m) {
        for (const p of (m[1] as string).split(':').filter((x) => x !== '$PATH')) s.path.push(local(s, p));
      }
    } else if (op === 'USER') {
      current().user = args;
    } else if (op === 'ENTRYPOINT') {
      current().entrypoint = JSON.parse(args) as string[];
    } else {
      assert.fail(`the Dockerfile test does not know ${op}`);
    }
  }
  return current();
}

test("the Dockerfile's steps build an app with the packed evohub, no dev dependencies, run as non-root", () => {
  const image = runDockerfile();
  assert.equal(image.user, '1000');
  assert.deepEqual(image.entrypoint, ['evohub']);
  const modules = join(image.dir, 'app/node_modules');
  assert.ok(existsSync(join(modules, 'evohub/dist/cli/bin.js')), 'evohub installed from the tarball');
  assert.ok(existsSync(join(modules, '@duckdb/node-api')), 'production dependencies installed');
  for (const devOnly of ['typescript', '@biomejs/biome', 'esbuild', '@octokit/openapi']) {
    assert.ok(!existsSync(join(modules, devOnly)), `${devOnly} (a dev dependency) is not in the image`);
  }
  assert.ok(!existsSync(join(image.dir, 'pkg')), 'the tarball is removed after the install');
  // The entrypoint resolves through the image's PATH and runs: a prompt repository from scratch.
  const path = [...image.path, pinnedNodePath(join(root, 'run'))].join(':');
  const work = join(root, 'work');
  const run = (...args: string[]) =>
    spawnSync('evohub', args, { cwd: work, env: { ...process.env, PATH: path }, encoding: 'utf8' });
  mkdirSync(work);
  const init = run('init', '.');
  assert.equal(init.status, 0, init.stderr);
  const validate = run('validate');
  assert.equal(validate.status, 0, validate.stderr);
  assert.match(validate.stdout, /validate: 5 files OK/);
  const help = run('operator', '--help');
  assert.match(help.stdout, /--argo-workflows/);
});
