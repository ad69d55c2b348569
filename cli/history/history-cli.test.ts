import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  commitAll,
  fsckStrict,
  git,
  promptYaml,
  read,
  refsSnapshot,
  write,
} from '../../adapters/git/testing.ts';
import { tempDirsRemovedAfter } from '../../test/support/temp-dirs.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const temp = tempDirsRemovedAfter();
const P = 'prompts/ticket-triage.prompt.yml';
const ENV = { GIT_AUTHOR_NAME: 'Cli Tester', GIT_AUTHOR_EMAIL: 'cli@example.com', HOME: '/nonexistent' };
const PROD = `# Production pins (this comment must survive promote)
prompts:
  ticket-triage: 1 # first release
  other: 7
`;

function fixture() {
  const dir = temp.repo();
  write(dir, P, promptYaml(1, 'Classify the ticket.'));
  write(dir, 'environments/production.yaml', PROD);
  const c1 = commitAll(dir, 'first version', '2026-01-01T00:00:00Z');
  write(
    dir,
    P,
    promptYaml(2, 'Classify the ticket.\nAnswer with one word.').replace(
      'temperature: 0.2',
      'temperature: 0.7',
    ),
  );
  const c2 = commitAll(dir, 'second version', '2026-01-02T00:00:00Z');
  return { dir, c1, c2 };
}

async function cli(dir: string, ...args: string[]) {
  const m = memoryContext(dir, ENV);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

describe('evohub log', () => {
  test('lists versions newest first; --json has the documented shape', async () => {
    const { dir, c1, c2 } = fixture();
    const text = await cli(dir, 'log', 'ticket-triage');
    assert.equal(text.code, 0, text.err);
    assert.match(
      text.out,
      new RegExp(
        `^${P}\\nv2 +${c2.slice(0, 7)}  2026-01-02  Ada Tester <ada@example.com>  second version\\nv1 +${c1.slice(0, 7)}`,
      ),
    );
    const json = await cli(dir, 'log', 'ticket-triage', '--json');
    assert.deepEqual(JSON.parse(json.out), {
      name: 'ticket-triage',
      path: P,
      entries: [
        {
          version: 2,
          commit: c2,
          date: '2026-01-02T00:00:00.000Z',
          author: { name: 'Ada Tester', email: 'ada@example.com' },
          subject: 'second version',
          deleted: false,
        },
        {
          version: 1,
          commit: c1,
          date: '2026-01-01T00:00:00.000Z',
          author: { name: 'Ada Tester', email: 'ada@example.com' },
          subject: 'first version',
          deleted: false,
        },
      ],
    });
  });

  test('an unknown prompt is exit 1 with the known names', async () => {
    const { dir } = fixture();
    const r = await cli(dir, 'log', 'nope');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'evohub: no prompt "nope" in the history of HEAD (known prompts: ticket-triage)\n');
  });
});

describe('evohub show', () => {
  test('prints the file text at a version, an environment and the working tree', async () => {
    const { dir } = fixture();
    write(dir, P, promptYaml(3, 'uncommitted'));
    assert.equal((await cli(dir, 'show', 'ticket-triage@1')).out, promptYaml(1, 'Classify the ticket.'));
    assert.equal(
      (await cli(dir, 'show', 'ticket-triage@production')).out,
      promptYaml(1, 'Classify the ticket.'),
    );
    assert.equal((await cli(dir, 'show', 'ticket-triage')).out, promptYaml(3, 'uncommitted'));
  });

  test('--json gives {name, path, rev, resolvedBy, commit, version, contentHash, data}', async () => {
    const { dir, c2 } = fixture();
    const r = await cli(dir, 'show', 'ticket-triage@main', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j), [
      'name',
      'path',
      'rev',
      'resolvedBy',
      'commit',
      'version',
      'contentHash',
      'data',
    ]);
    assert.deepEqual(
      [j.name, j.path, j.rev, j.resolvedBy, j.commit, j.version],
      ['ticket-triage', P, 'main', 'ref', c2, 2],
    );
    assert.match(j.contentHash, /^[0-9a-f]{64}$/);
    assert.equal(j.data.messages[0].content, 'Classify the ticket.\nAnswer with one word.\n');
    const v1 = JSON.parse((await cli(dir, 'show', 'ticket-triage@1', '--json')).out);
    assert.notEqual(v1.contentHash, j.contentHash);
  });

  test('an unknown revision is one line, exit 1; outside a repository is exit 1 with a hint', async () => {
    const { dir } = fixture();
    const r = await cli(dir, 'show', 'ticket-triage@nope');
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /^evohub: unknown revision ticket-triage@nope \(tried environment \(environments\/nope\.yaml\), branch\/tag\/ref\)/,
    );
    assert.equal(r.err.trim().split('\n').length, 1);
    const outside = temp.dir();
    const o = await cli(outside, 'show', 'ticket-triage@1');
    assert.equal(o.code, 1);
    assert.match(o.err, /is not inside a git repository \(run `git init` there, or `npx evohub init`/);
  });
});

describe('evohub diff', () => {
  test('shows changed fields, model parameters and a per-message line diff', async () => {
    const { dir } = fixture();
    const r = await cli(dir, 'diff', 'ticket-triage@1', 'ticket-triage@2');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0] as string, /^--- ticket-triage@1 /);
    assert.match(lines[1] as string, /^\+\+\+ ticket-triage@2 /);
    assert.ok(lines.includes('version: 1 → 2'), r.out);
    assert.ok(lines.includes('modelParameters.temperature: 0.2 → 0.7'), r.out);
    assert.ok(lines.includes('messages[0] (system): changed'), r.out);
    assert.ok(lines.includes('    + Answer with one word.'), r.out);
    assert.ok(!r.out.includes('messages[1]'), 'the unchanged user message is not listed');
  });

  test('a revision against the working tree, --json, and identical revisions', async () => {
    const { dir } = fixture();
    write(
      dir,
      P,
      `${promptYaml(2, 'Classify the ticket.\nAnswer with one word.').replace('temperature: 0.2', 'temperature: 0.7')}`.replace(
        '    content: "{{input}}"\n',
        '    content: "{{input}}"\n  - role: assistant\n    content: billing\n',
      ),
    );
    const j = JSON.parse((await cli(dir, 'diff', 'ticket-triage@2', '--json')).out);
    assert.equal(j.b.commit, null);
    assert.deepEqual(j.fields, []);
    assert.deepEqual(j.messages, [
      {
        index: 2,
        change: 'added',
        roleBefore: null,
        roleAfter: 'assistant',
        lines: [{ op: '+', text: 'billing' }],
      },
    ]);
    const same = await cli(dir, 'diff', 'ticket-triage@2', 'ticket-triage@main');
    assert.match(same.out, /\(no differences\)/);
  });
});

describe('evohub promote', () => {
  test('moves the pin, keeps comments, commits only the environment file; git reads it', async () => {
    const { dir, c2 } = fixture();
    write(dir, P, 'unrelated uncommitted edit\n');
    const r = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'production', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(
      { ...j, commit: typeof j.commit },
      {
        env: 'production',
        file: 'environments/production.yaml',
        name: 'ticket-triage',
        previous: 1,
        pin: 2,
        commit: 'string',
      },
    );
    assert.equal(
      read(dir, 'environments/production.yaml'),
      PROD.replace('ticket-triage: 1 #', 'ticket-triage: 2 #'),
    );
    assert.equal(git(dir, 'rev-parse', 'HEAD^').trim(), c2);
    assert.equal(git(dir, 'diff', '--name-only', 'HEAD^', 'HEAD').trim(), 'environments/production.yaml');
    assert.equal(
      git(dir, 'log', '-1', '--format=%an|%s'),
      'Cli Tester|promote ticket-triage to version 2 in production\n',
    );
    assert.equal(git(dir, 'status', '--porcelain').trim(), `M ${P}`);
    fsckStrict(dir);
    // The environment now resolves to version 2; promoting again is a no-op.
    assert.match((await cli(dir, 'show', 'ticket-triage@production')).out, /version: 2/);
    const again = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'production');
    assert.match(again.out, /already pinned to 2; nothing to commit/);
  });

  test('a branch whose file carries a version is pinned by version; a commit without one by oid', async () => {
    const { dir } = fixture();
    const r = await cli(dir, 'promote', 'ticket-triage@main', '--env', 'production', '--json');
    assert.equal(JSON.parse(r.out).pin, 2);
    write(dir, P, promptYaml(2, 'same version, other text'));
    commitAll(dir, 'edit without bump', '2026-01-03T00:00:00Z');
    const old = git(dir, 'rev-parse', 'HEAD~2').trim();
    const r2 = await cli(dir, 'promote', 'ticket-triage@HEAD~2', '--env', 'production', '--json');
    assert.equal(JSON.parse(r2.out).pin, old, 'version 2 now names other text, so the pin is the commit');
  });

  test('refuses when the environment file has uncommitted edits: no file or ref changes', async () => {
    const { dir } = fixture();
    const edited = `${PROD}# my local note\n`;
    write(dir, 'environments/production.yaml', edited);
    const refs = refsSnapshot(dir);
    const indexBytes = readFileSync(path.join(dir, '.git/index'));
    const r = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'production');
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /environments\/production\.yaml has uncommitted changes \(modified\); evohub will not overwrite them/,
    );
    assert.equal(read(dir, 'environments/production.yaml'), edited);
    assert.equal(refsSnapshot(dir), refs);
    assert.deepEqual(readFileSync(path.join(dir, '.git/index')), indexBytes);
  });

  test('an unknown environment lists the known ones unless --create; the working tree is not a revision', async () => {
    const { dir } = fixture();
    const r = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'staging');
    assert.equal(r.code, 1);
    assert.match(r.err, /no environment "staging".*known environments: production; pass --create/);
    const c = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'staging', '--create');
    assert.equal(c.code, 0, c.err);
    assert.equal(read(dir, 'environments/staging.yaml'), 'prompts:\n  ticket-triage: 2\n');
    const wt = await cli(dir, 'promote', 'ticket-triage', '--env', 'staging');
    assert.equal(wt.code, 2);
    const missing = await cli(dir, 'promote', 'ticket-triage@2');
    assert.equal(missing.code, 2, 'a missing --env is a usage error');
  });

  test('an environment file that exists but cannot be read is an error, even with --create: nothing is rewritten', async () => {
    const { dir } = fixture();
    // A directory in the file's place reads as EISDIR (tests run as root, so file modes would not stop a read).
    write(dir, 'environments/staging.yaml/keep', 'x\n');
    const refs = refsSnapshot(dir);
    const r = await cli(dir, 'promote', 'ticket-triage@2', '--env', 'staging', '--create');
    assert.equal(r.code, 1);
    assert.match(r.err, /environments\/staging\.yaml cannot be read/);
    assert.equal(read(dir, 'environments/staging.yaml/keep'), 'x\n');
    assert.equal(refsSnapshot(dir), refs);
  });
});
