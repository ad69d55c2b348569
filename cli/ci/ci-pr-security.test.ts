/**
 * A pull request cannot make `ci pr` run its own code: the prompt's `model: file:…` and the allow-list in
 * evohub.yaml come from the pull request's head, but `ci pr` takes its settings from the base branch.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { commitAll, git, removeDir, tempRepo, write } from '../../adapters/git/testing.ts';
import { startGitHubServer } from '../../test/github/server.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const prompt = (model: string) => `name: t
model: ${model}
messages:
  - role: user
    content: '{{ticket}}'
testData:
  - { ticket: 'I was charged twice', expected: billing }
  - { ticket: 'The app crashes', expected: bug }
evaluators:
  - name: label
    string:
      equals: '{{expected}}'
`;

function eventFor(dir: string, base: string, head: string): string {
  const file = path.join(dir, '.git', 'event.json');
  const side = (ref: string, sha: string) => ({ ref, sha, repo: { full_name: 'acme/prompts' } });
  writeFileSync(
    file,
    JSON.stringify({ pull_request: { number: 3, base: side('main', base), head: side('pr', head) } }),
  );
  return file;
}

describe('ci pr runs no code from the pull request', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) removeDir(d);
  });

  it('a head that adds file:./evil.ts to a prompt and to providers.file.allow never runs it', async () => {
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'evohub.yaml', 'cache:\n  enabled: false\n');
    write(dir, 'prompts/t.prompt.yml', prompt('simulated/ticket-triage'));
    const base = commitAll(dir, 'base');
    const marker = path.join(dir, '.git', 'pwned');
    git(dir, 'checkout', '-q', '-b', 'pr');
    write(
      dir,
      'evil.ts',
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { complete: () => ({ text: 'billing' }) };\n`,
    );
    write(dir, 'evohub.yaml', 'cache:\n  enabled: false\nproviders:\n  file:\n    allow: [evil.ts]\n');
    write(dir, 'prompts/t.prompt.yml', prompt('file:./evil.ts'));
    const head = commitAll(dir, 'head', '2026-01-02T00:00:00Z');
    const m = memoryContext(dir, {
      GITHUB_EVENT_PATH: eventFor(dir, base, head),
      GITHUB_REPOSITORY: 'acme/prompts',
    });
    const code = await runCli(['ci', 'pr', '--no-comment', '--json'], m.ctx);
    assert.equal(existsSync(marker), false, 'the pull request ran its own provider module');
    assert.equal(code, 1, m.stderr());
    const out = JSON.parse(m.stdout()) as { report: { prompts: { path: string; error?: string }[] } };
    // Located at the prompt's `model:` line.
    assert.match(
      out.report.prompts[0]?.error ?? '',
      /t\.prompt\.yml:2:\d+: custom provider module file:\.\/evil\.ts is not allowed/,
    );
  });

  it('a module the base branch allows is refused when the pull request changes it', async () => {
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'evohub.yaml', 'cache:\n  enabled: false\nproviders:\n  file:\n    allow: [./mine.ts]\n');
    write(dir, 'mine.ts', "export default { complete: () => ({ text: 'billing' }) };\n");
    write(dir, 'prompts/t.prompt.yml', prompt('file:./mine.ts'));
    const base = commitAll(dir, 'base');
    git(dir, 'checkout', '-q', '-b', 'pr');
    const marker = path.join(dir, '.git', 'pwned');
    write(
      dir,
      'mine.ts',
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { complete: () => ({ text: 'bug' }) };\n`,
    );
    write(dir, 'prompts/t.prompt.yml', prompt('file:./mine.ts#v2'));
    const head = commitAll(dir, 'head', '2026-01-02T00:00:00Z');
    const m = memoryContext(dir, {
      GITHUB_EVENT_PATH: eventFor(dir, base, head),
      GITHUB_REPOSITORY: 'acme/prompts',
    });
    assert.equal(await runCli(['ci', 'pr', '--no-comment'], m.ctx), 1);
    assert.match(
      m.stderr(),
      /mine\.ts \(allowed by the base branch's evohub\.yaml\) is changed by this pull request/,
    );
    assert.equal(existsSync(marker), false);
  });

  it('a GitHub API that echoes the token (401 body, 500 header dump) never makes ci pr print it', async () => {
    const dir = tempRepo();
    dirs.push(dir);
    write(dir, 'evohub.yaml', 'cache:\n  enabled: false\n');
    write(dir, 'prompts/t.prompt.yml', prompt('simulated/ticket-triage'));
    const base = commitAll(dir, 'base');
    git(dir, 'checkout', '-q', '-b', 'pr');
    write(
      dir,
      'prompts/t.prompt.yml',
      prompt('simulated/ticket-triage').replace('{{ticket}}', 'Ticket: {{ticket}}'),
    );
    const head = commitAll(dir, 'head', '2026-01-02T00:00:00Z');
    const good = 'ghs_ci_pr_good_token_0123456789';
    const github = await startGitHubServer({
      owner: 'acme',
      repo: 'prompts',
      token: good,
      echoRequest: true,
    });
    try {
      const env = (token: string) => ({
        GITHUB_EVENT_PATH: eventFor(dir, base, head),
        GITHUB_REPOSITORY: 'acme/prompts',
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: token,
      });
      const wrong = 'not-token-shaped-but-secret-42';
      const a = memoryContext(dir, env(wrong));
      assert.equal(await runCli(['ci', 'pr', '--debug'], a.ctx), 1);
      assert.match(a.stderr(), /was rejected \(401/);
      github.failNext({ status: 500 });
      const b = memoryContext(dir, env(good));
      assert.equal(await runCli(['ci', 'pr'], b.ctx), 1);
      assert.match(b.stderr(), /GitHub answered 500/);
      const all = a.stdout() + a.stderr() + b.stdout() + b.stderr();
      assert.doesNotMatch(all, new RegExp(`${wrong}|${good}`));
      assert.doesNotMatch(all, /authorization"?:\s*"?token\s+[^[\s]/i);
    } finally {
      await github.close();
    }
  });
});
