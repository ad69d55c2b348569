import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { commitAll, fsckStrict, git, read, refsSnapshot, write } from '../../adapters/git/testing.ts';
import { UsageError } from '../../core/errors.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import { TEMPLATES_ROOT } from './init-command.ts';
import { listTemplates, planInit, runInit } from './scaffold.ts';

const temp = tempDirsRemovedAfter();
const author = { name: 'Init Tester', email: 'init@example.com' };

/** A templates root with two project templates and a folder of manifests that is not one. */
function templatesFixture(): string {
  const root = temp.dir('evohub-templates-');
  write(root, 'basic/README.md', '# Basic: a tiny template\n\nbody\n');
  write(root, 'basic/evohub.yaml', 'defaults:\n  model: simulated/ticket-triage\n');
  write(root, 'basic/.gitignore', '.evohub/\n');
  write(
    root,
    'basic/prompts/hello.prompt.yml',
    'version: 1\nmessages:\n  - role: user\n    content: hi {{name}}\n',
  );
  write(root, 'basic/environments/production.yaml', 'prompts:\n  hello: 1\n');
  write(root, 'other/README.md', '# Other: another one\n');
  write(root, 'other/evohub.yaml', '{}\n');
  write(root, 'manifests/rollout.yaml', 'kind: Rollout\n');
  return root;
}

describe('templates', () => {
  test('only folders with an evohub.yaml are templates, described by their README heading', async () => {
    const root = templatesFixture();
    assert.deepEqual(
      (await listTemplates(root)).map((t) => [t.name, t.description]),
      [
        ['basic', 'Basic: a tiny template'],
        ['other', 'Other: another one'],
      ],
    );
  });

  test('the project ships the classification and extraction templates', async () => {
    const names = (await listTemplates(TEMPLATES_ROOT)).map((t) => t.name);
    assert.ok(names.includes('classification') && names.includes('extraction'), names.join(','));
  });

  test('an unknown template is a usage error listing the known ones, and creates nothing', async () => {
    const root = templatesFixture();
    const target = path.join(temp.dir(), 'new');
    await assert.rejects(planInit(root, 'nope', target), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.userMessage(), 'unknown template "nope" (known templates: basic, other)');
      return true;
    });
    const m = memoryContext(path.dirname(target), { HOME: '/nonexistent' });
    assert.equal(await runCli(['init', 'new', '--template', 'nope'], m.ctx), 2);
    assert.match(m.stderr(), /unknown template "nope" \(known templates: classification, extraction\)/);
    assert.throws(() => readFileSync(path.join(target, 'evohub.yaml')));
  });
});

describe('init', () => {
  test('in a new folder: git init, every file, one commit that git reads and fsck accepts', async () => {
    const root = templatesFixture();
    const parent = temp.dir();
    const target = path.join(parent, 'proj');
    const r = await runInit(root, 'basic', target, { author });
    assert.equal(r.createdRepository, true);
    assert.deepEqual(r.add, [
      '.gitignore',
      'README.md',
      'environments/production.yaml',
      'evohub.yaml',
      'prompts/hello.prompt.yml',
    ]);
    fsckStrict(target);
    assert.equal(git(target, 'rev-list', '--count', 'HEAD').trim(), '1');
    assert.equal(git(target, 'symbolic-ref', 'HEAD').trim(), 'refs/heads/main');
    assert.equal(git(target, 'log', '-1', '--format=%an <%ae>'), 'Init Tester <init@example.com>\n');
    assert.equal(git(target, 'ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n').length, 5);
    assert.equal(git(target, 'status', '--porcelain'), '');
    assert.equal(read(target, 'prompts/hello.prompt.yml'), read(root, 'basic/prompts/hello.prompt.yml'));
  });

  test('a packed template (dot-files stored as `gitignore`, as npm needs) scaffolds the same files', async () => {
    const root = templatesFixture();
    const packed = temp.dir('evohub-packed-');
    for (const f of ['README.md', 'evohub.yaml', 'prompts/hello.prompt.yml', 'environments/production.yaml'])
      write(packed, `basic/${f}`, readFileSync(path.join(root, 'basic', f), 'utf8'));
    write(packed, 'basic/gitignore', '.evohub/\n');
    const fromCheckout = await runInit(root, 'basic', path.join(temp.dir(), 'a'), { author });
    const fromPackage = await runInit(packed, 'basic', path.join(temp.dir(), 'b'), { author });
    assert.deepEqual(fromPackage.add, fromCheckout.add);
    assert.equal(read(fromPackage.target, '.gitignore'), '.evohub/\n');
    assert.throws(() => read(fromPackage.target, 'gitignore'));
  });

  test('inside an existing repository: adds only missing files, overwrites nothing, commits only what it added', async () => {
    const root = templatesFixture();
    const dir = temp.repo();
    write(dir, 'README.md', 'my own readme\n');
    commitAll(dir, 'mine');
    write(dir, 'evohub.yaml', 'defaults: {}  # untracked, mine\n');
    write(dir, 'notes.txt', 'staged work\n');
    git(dir, 'add', 'notes.txt');
    const r = await runInit(root, 'basic', dir, { author });
    assert.equal(r.createdRepository, false);
    assert.deepEqual(r.skip, ['README.md', 'evohub.yaml']);
    assert.deepEqual(r.add, ['.gitignore', 'environments/production.yaml', 'prompts/hello.prompt.yml']);
    assert.equal(read(dir, 'README.md'), 'my own readme\n');
    assert.equal(read(dir, 'evohub.yaml'), 'defaults: {}  # untracked, mine\n');
    assert.deepEqual(git(dir, 'diff', '--name-only', 'HEAD^', 'HEAD').trim().split('\n'), r.add);
    assert.equal(
      git(dir, 'status', '--porcelain'),
      'A  notes.txt\n?? evohub.yaml\n',
      'the user staged file stays staged',
    );
    fsckStrict(dir);

    // A second run has nothing to add and makes no commit.
    const refs = refsSnapshot(dir);
    const again = await runInit(root, 'basic', dir, { author });
    assert.equal(again.commit, null);
    assert.equal(refsSnapshot(dir), refs);
  });

  test('a non-empty folder that is not a repository: git init, add the missing files, commit only those', async () => {
    const root = templatesFixture();
    const dir = temp.dir();
    write(dir, 'README.md', 'existing notes\n');
    const r = await runInit(root, 'basic', dir, { author });
    assert.equal(r.createdRepository, true);
    assert.deepEqual(r.skip, ['README.md']);
    assert.equal(read(dir, 'README.md'), 'existing notes\n');
    assert.equal(git(dir, 'ls-tree', '-r', '--name-only', 'HEAD').includes('README.md'), false);
    assert.equal(git(dir, 'status', '--porcelain'), '?? README.md\n');
    fsckStrict(dir);
  });

  test('a sub-folder of a repository is scaffolded there, committed in that repository', async () => {
    const root = templatesFixture();
    const dir = temp.repo();
    const r = await runInit(root, 'other', path.join(dir, 'prompts-repo'), { author });
    assert.equal(r.root, dir);
    assert.equal(
      git(dir, 'ls-tree', '-r', '--name-only', 'HEAD'),
      'prompts-repo/README.md\nprompts-repo/evohub.yaml\n',
    );
  });

  test('the CLI scaffolds the classification template; log/show/promote work on the result', async () => {
    const parent = temp.dir();
    const env = { GIT_AUTHOR_NAME: 'Cli', GIT_AUTHOR_EMAIL: 'cli@example.com', HOME: '/nonexistent' };
    const m = memoryContext(parent, env);
    assert.equal(await runCli(['init', 'demo'], m.ctx), 0, m.stderr());
    assert.match(m.stdout(), /initialised a git repository in .*demo\n/);
    assert.match(m.stdout(), /added {4}prompts\/ticket-triage\.prompt\.yml/);
    const demo = path.join(parent, 'demo');
    fsckStrict(demo);
    assert.equal(git(demo, 'status', '--porcelain'), '');
    const run = async (...args: string[]) => {
      const c = memoryContext(demo, env);
      const code = await runCli(args, c.ctx);
      return { code, out: c.stdout(), err: c.stderr() };
    };
    const log = await run('log', 'ticket-triage', '--json');
    assert.equal(log.code, 0, log.err);
    assert.equal(JSON.parse(log.out).entries.length, 1);
    const show = await run('show', 'ticket-triage@main');
    assert.equal(show.out, read(demo, 'prompts/ticket-triage.prompt.yml'));
    const prod = await run('show', 'ticket-triage@production');
    if (/^version: 1$/m.test(show.out)) {
      assert.equal(prod.code, 0, prod.err);
      assert.equal(prod.out, show.out, 'environments/production.yaml pins version 1, the scaffolded file');
    } else {
      // The template prompt carries no `version` yet, so the version-1 pin cannot resolve: say so clearly.
      assert.equal(prod.code, 1);
      assert.match(prod.err, /pins ticket-triage to version 1, which is not in HEAD's history/);
    }
    const j = memoryContext(parent, env);
    assert.equal(await runCli(['init', 'demo2', '--template', 'extraction', '--json'], j.ctx), 0, j.stderr());
    const out = JSON.parse(j.stdout());
    assert.deepEqual(Object.keys(out), [
      'template',
      'root',
      'target',
      'createdRepository',
      'added',
      'skipped',
      'commit',
    ]);
    assert.equal(out.createdRepository, true);
    assert.ok(out.added.includes('prompts/invoice-extract.prompt.yml'));
    assert.equal(git(path.join(parent, 'demo2'), 'rev-parse', 'HEAD').trim(), out.commit);
    const list = memoryContext(parent, env);
    assert.equal(await runCli(['init', '--list-templates'], list.ctx), 0);
    assert.match(list.stdout(), /^classification +Classification: /m);
  });
});
