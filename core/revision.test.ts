import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openGitRepository } from '../adapters/git/isomorphic-git-repository.ts';
import { commitAll, git, promptYaml, write } from '../adapters/git/testing.ts';
import { workingTree } from '../adapters/git/working-tree.ts';
import { tempDirsRemovedAfter } from '../test/support/temp-dirs.ts';
import { NotFoundError, UsageError } from './errors.ts';
import { promptNameFromPath } from './prompt/name.ts';
import { parseRevisionSpec, type ResolveDeps, resolvePrompt } from './revision.ts';

describe('parseRevisionSpec', () => {
  test('name, name@rev, paths, and refs with slashes', () => {
    assert.deepEqual(parseRevisionSpec('ticket-triage'), {
      name: 'ticket-triage',
      rev: null,
      text: 'ticket-triage',
    });
    assert.deepEqual(parseRevisionSpec('ticket-triage@3'), {
      name: 'ticket-triage',
      rev: '3',
      text: 'ticket-triage@3',
    });
    assert.equal(parseRevisionSpec('t@evolve/run-1').rev, 'evolve/run-1');
    assert.equal(parseRevisionSpec('prompts/t.prompt.yml@main').name, 'prompts/t.prompt.yml');
  });

  test('an empty name or an empty revision is a usage error', () => {
    assert.throws(() => parseRevisionSpec('@3'), UsageError);
    assert.throws(() => parseRevisionSpec('ticket-triage@'), UsageError);
  });
});

const temp = tempDirsRemovedAfter();
const P = 'prompts/ticket-triage.prompt.yml';

async function fixture() {
  const dir = temp.repo();
  write(dir, P, promptYaml(1, 'one'));
  const c1 = commitAll(dir, 'v1', '2026-01-01T00:00:00Z');
  write(dir, P, promptYaml(2, 'two'));
  const c2 = commitAll(dir, 'v2', '2026-01-02T00:00:00Z');
  git(dir, 'tag', '-a', 'stable', '-m', 'stable', c1);
  git(dir, 'branch', 'feature');
  write(dir, P, promptYaml(3, 'three'));
  write(dir, 'environments/production.yaml', 'prompts:\n  ticket-triage: 1\n');
  write(dir, 'environments/canary.yaml', `prompts:\n  ticket-triage: "${c2.slice(0, 8)}"\n`);
  write(dir, 'environments/empty.yaml', 'prompts: {}\n');
  const c3 = commitAll(dir, 'v3', '2026-01-03T00:00:00Z');
  write(dir, P, promptYaml(4, 'working copy'));
  const repo = await openGitRepository(dir);
  const deps: ResolveDeps = { repo, worktree: workingTree(dir), promptNameFromPath };
  return { dir, deps, c1, c2, c3 };
}

describe('resolvePrompt on a real repository', () => {
  test('version, environment (version pin and commit pin), branch, annotated tag, oid, working tree', async () => {
    const { deps, c1, c2, c3 } = await fixture();
    const r = (s: string) => resolvePrompt(deps, parseRevisionSpec(s));

    const v2 = await r('ticket-triage@2');
    assert.deepEqual([v2.resolvedBy, v2.commit, v2.version, v2.path], ['version', c2, 2, P]);
    assert.match(v2.text, /version: 2/);

    const prod = await r('ticket-triage@production');
    assert.deepEqual([prod.resolvedBy, prod.commit, prod.version], ['environment', c1, 1]);
    const canary = await r('ticket-triage@canary');
    assert.deepEqual([canary.resolvedBy, canary.commit], ['environment', c2]);

    assert.equal((await r('ticket-triage@feature')).commit, c2);
    assert.equal((await r('ticket-triage@stable')).commit, c1);
    assert.equal((await r('ticket-triage@main')).commit, c3);
    const byOid = await r(`ticket-triage@${c1.slice(0, 7)}`);
    assert.deepEqual([byOid.resolvedBy, byOid.commit], ['commit', c1]);
    assert.equal((await r(`${P}@HEAD~1`)).commit, c2);

    const wt = await r('ticket-triage');
    assert.deepEqual([wt.resolvedBy, wt.commit], ['worktree', null]);
    assert.match(wt.text, /working copy/);
  });

  test('an unknown revision names name@rev and what was tried', async () => {
    const { deps } = await fixture();
    await assert.rejects(resolvePrompt(deps, parseRevisionSpec('ticket-triage@nope')), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.match(
        e.userMessage(),
        /unknown revision ticket-triage@nope \(tried environment \(environments\/nope\.yaml\), branch\/tag\/ref\)/,
      );
      return true;
    });
    await assert.rejects(resolvePrompt(deps, parseRevisionSpec('ticket-triage@99')), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.match(
        e.userMessage(),
        /ticket-triage@99 \(tried version 99.*known versions of ticket-triage: 1, 2, 3/,
      );
      return true;
    });
  });

  test('a name two files share is ambiguous; their paths still work', async () => {
    const { dir, deps } = await fixture();
    write(dir, 'team-a/x.prompt.yml', 'version: 1\nmessages: []\n');
    write(dir, 'team-b/x.prompt.yaml', 'version: 7\nmessages: []\n');
    commitAll(dir, 'two x', '2026-01-04T00:00:00Z');
    await assert.rejects(resolvePrompt(deps, parseRevisionSpec('x@main')), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(
        e.userMessage(),
        /prompt name "x" is ambiguous in main \([0-9a-f]{7}\): team-a\/x\.prompt\.yml, team-b\/x\.prompt\.yaml \(give the file path/,
      );
      return true;
    });
    const b = await resolvePrompt(deps, parseRevisionSpec('team-b/x.prompt.yaml@7'));
    assert.deepEqual([b.path, b.resolvedBy], ['team-b/x.prompt.yaml', 'version']);
  });

  test('an unknown prompt lists the known ones; an environment without a pin says what it pins', async () => {
    const { deps } = await fixture();
    await assert.rejects(resolvePrompt(deps, parseRevisionSpec('triage@main')), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.match(
        e.userMessage(),
        /no prompt "triage" in main \([0-9a-f]{7}\) \(known prompts: ticket-triage\)/,
      );
      return true;
    });
    await assert.rejects(resolvePrompt(deps, parseRevisionSpec('ticket-triage@empty')), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.match(
        e.userMessage(),
        /environments\/empty\.yaml: environment empty does not pin prompt "ticket-triage"/,
      );
      return true;
    });
  });

  test('with the env-pins stamp: the same resolution, and a missing pin still lists every pin', async () => {
    const { dir, deps, c1 } = await fixture();
    write(dir, 'environments/staging.yaml', 'prompts:\n  other: 2\n  ticket-triage-v2: 1\n');
    const stamped: ResolveDeps = { ...deps, worktree: workingTree(dir, { stampMinBytes: 0 }) };
    for (let round = 0; round < 2; round++) {
      const prod = await resolvePrompt(stamped, parseRevisionSpec('ticket-triage@production'));
      assert.deepEqual([prod.resolvedBy, prod.commit], ['environment', c1]);
      await assert.rejects(
        resolvePrompt(stamped, parseRevisionSpec('ticket-triage@staging')),
        (e: unknown) => {
          assert.ok(e instanceof NotFoundError);
          assert.match(
            e.userMessage(),
            /environment staging does not pin prompt "ticket-triage".*other, ticket-triage-v2/s,
          );
          return true;
        },
      );
    }
  });
});
