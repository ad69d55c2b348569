/**
 * The package as users get it: `npm pack` (prepack builds dist/), the tarball installed OFFLINE into a fresh
 * project from the npm cache `npm ci` filled, then README's quick start run as written through the installed
 * `evohub` (npx, on the pinned Node 24), and the library parts imported by package name (and type-checked).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Installed, packAndInstall, REPO_ROOT } from './install.ts';

let pkg: Installed;
before(() => {
  pkg = packAndInstall();
});
after(() => {
  if (pkg) rmSync(pkg.root, { recursive: true, force: true });
});

/** The first ```sh block after a README heading. */
function readmeBlock(heading: string): string {
  const text = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const at = text.indexOf(`\n## ${heading}\n`);
  assert.ok(at >= 0, `README.md has a "## ${heading}" section`);
  const m = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m?.[1], `README.md's ${heading} has a sh block`);
  return m[1];
}

/** The environment of a user's shell: no GitHub token (propose writes a local record), the pinned Node first. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GITHUB_|EVOHUB_|NODE_OPTIONS$|npm_)/.test(k)) env[k] = v;
  }
  return { ...env, PATH: pkg.path };
}

test('the tarball holds the built CLI, the library entry points and the data files, and no tests or sources', () => {
  const files = pkg.pack.files.map((f) => f.path);
  for (const f of [
    'package.json',
    'README.md',
    'dist/cli/bin.js',
    'dist/runtime/index.js',
    'dist/runtime/index.d.ts',
    'dist/core/evolution/index.js',
    'dist/core/stats/index.d.ts',
    'dist/core/evolution/meta-prompts/reflect.md',
    'dist/evaluator/scorers/builtins/relevance.yml',
    'dist/schemas/prompt.schema.json',
    'dist/templates/classification/gitignore',
    'dist/templates/classification/.github/workflows/evohub-pr.yml',
  ]) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  const stray = files.filter(
    (f) => /\.test\.|^test\/|^bench\/|^scripts\/|\.ts$/.test(f) && !f.endsWith('.d.ts'),
  );
  assert.deepEqual(stray, []);
  const manifest = JSON.parse(readFileSync(join(pkg.project, 'node_modules/evohub/package.json'), 'utf8'));
  assert.equal(manifest.bin.evohub, './dist/cli/bin.js');
});

test("README's set-up installs evohub as a development dependency (what this test does offline)", () => {
  assert.match(readmeBlock('Set up'), /^npm i -D evohub$/m);
});

test("README's quick start runs as written through the installed evohub", () => {
  const script = readmeBlock('Quick start');
  for (const cmd of ['init', 'validate', 'eval', 'evolve', 'diff', 'lineage', 'propose', 'show', 'runs']) {
    assert.match(script, new RegExp(`^npx evohub ${cmd}\\b`, 'm'), `the quick start runs evohub ${cmd}`);
  }
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: pkg.project,
    env: userEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `quick start failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /added {4}\.gitignore/, 'the template dot-file is scaffolded under its real name');
  assert.match(r.stdout, /validate: 5 files OK/);
  assert.match(r.stdout, /Winner .* committed as version 2 on branch evohub\/ticket-triage\//);
  assert.match(r.stdout, /version: 1 → 2/);
  assert.match(r.stdout, /Opened proposal #1/);
  assert.match(r.stdout, /completed {2}ticket-triage/);
  assert.equal(
    readFileSync(join(pkg.project, '.gitignore'), 'utf8'),
    readFileSync(join(REPO_ROOT, 'templates/classification/.gitignore'), 'utf8'),
  );
});

test('the runtime SDK, the engine and the stats import by package name, with types', () => {
  const script = `
    import { loadPrompt } from 'evohub';
    import { createOutcomeRecorder } from 'evohub/runtime';
    import { createRng, createEngine } from 'evohub/engine';
    import { analyzeExperiment } from 'evohub/stats';
    const dir = process.argv[2];
    const loaded = await loadPrompt({ dir, name: 'ticket-triage' });
    const a = createRng(7).nextU32();
    const b = createRng(7).nextU32();
    console.log(JSON.stringify({
      prompt: loaded.name, engine: typeof createEngine, stats: typeof analyzeExperiment,
      recorder: typeof createOutcomeRecorder, rng: a === b,
    }));`;
  writeFileSync(join(pkg.project, 'use.mts'), script);
  // Type-check against the package's declarations (exports' "types"), as a TypeScript user would.
  const tsc = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--target',
      'es2024',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      join(REPO_ROOT, 'node_modules/@types'),
      'use.mts',
    ],
    { cwd: pkg.project, encoding: 'utf8' },
  );
  assert.equal(tsc.status, 0, `tsc on use.mts:\n${tsc.stdout}${tsc.stderr}`);
  const r = spawnSync(process.execPath, ['use.mts', join(pkg.project, 'prompts')], {
    cwd: pkg.project,
    env: userEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    prompt: 'ticket-triage',
    engine: 'function',
    stats: 'function',
    recorder: 'function',
    rng: true,
  });
});
