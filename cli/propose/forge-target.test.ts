import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import { repoFromUrl, resolveForgeTarget } from './forge-target.ts';

describe('repoFromUrl', () => {
  it('reads owner/name from https and scp-like URLs', () => {
    assert.deepEqual(repoFromUrl('https://github.com/acme/prompts.git'), { owner: 'acme', repo: 'prompts' });
    assert.deepEqual(repoFromUrl('https://x:y@ghe.example.com/acme/prompts'), {
      owner: 'acme',
      repo: 'prompts',
    });
    assert.deepEqual(repoFromUrl('git@github.com:acme/prompts.git'), { owner: 'acme', repo: 'prompts' });
    assert.equal(repoFromUrl('/srv/git/prompts'), null);
  });
});

describe('resolveForgeTarget', () => {
  it('is local without a token', () => {
    assert.deepEqual(resolveForgeTarget({}, {}, 'https://github.com/acme/prompts'), { kind: 'local' });
  });

  it('uses the origin remote (credentials stripped) when it is the same repository', () => {
    const t = resolveForgeTarget({}, { GITHUB_TOKEN: 't' }, 'https://u:secret@github.com/acme/prompts.git');
    assert.equal(t.kind, 'github');
    assert.ok(t.kind === 'github');
    assert.deepEqual(t.repo, { owner: 'acme', repo: 'prompts' });
    assert.equal(t.remoteUrl, 'https://github.com/acme/prompts.git');
    assert.equal(t.token, 't');
  });

  it('in a job, builds the push URL from GITHUB_SERVER_URL (GitHub Enterprise) and a named token variable', () => {
    const t = resolveForgeTarget(
      { tokenEnv: 'BOT_TOKEN' },
      { BOT_TOKEN: 'b', GITHUB_REPOSITORY: 'acme/prompts', GITHUB_SERVER_URL: 'https://ghe.example.com/' },
      null,
    );
    assert.ok(t.kind === 'github');
    assert.equal(t.remoteUrl, 'https://ghe.example.com/acme/prompts.git');
    assert.equal(t.tokenVariable, 'BOT_TOKEN');
  });

  it('refuses an unknown forge and github without a repository', () => {
    assert.throws(() => resolveForgeTarget({ forge: 'gitlab' }, {}, null), UsageError);
    assert.throws(
      () => resolveForgeTarget({ forge: 'github' }, { GITHUB_TOKEN: 't' }, null),
      (e: unknown) => e instanceof UsageError && /--repo/.test(e.userMessage()),
    );
  });
});
