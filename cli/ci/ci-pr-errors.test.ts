/**
 * [issue 15, item 6] `ci pr` where every provider call fails (nothing listening) reports the prompt as an error
 * with the first reasons and fails the check, instead of a comparison of empty scores that passes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitAll, commitTemplateCopy, git, removeDir, tempDir } from '../../adapters/git/testing.ts';
import { freePort } from '../../test/support/free-port.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) removeDir(d);
});

test('ci pr with every call failing: the errors are printed and the check fails', async () => {
  const dir = tempDir('evohub-ci-errors-');
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  const config = readFileSync(join(dir, 'evohub.yaml'), 'utf8').replace(
    /providers:\n/,
    `providers:\n  local:\n    type: openai\n    baseUrl: http://127.0.0.1:${await freePort()}/v1\n    apiKeyEnv: none\n    maxRetries: 0\n`,
  );
  writeFileSync(join(dir, 'evohub.yaml'), config);
  const base = commitAll(dir, 'provider');
  writeFileSync(
    join(dir, PROMPT),
    readFileSync(join(dir, PROMPT), 'utf8').replace(
      'We are based in Lisbon',
      'Be brief. We are based in Lisbon',
    ),
  );
  const head = commitAll(dir, 'edit', '2026-01-02T00:00:00Z');
  assert.notEqual(base, head);
  git(dir, 'log', '--oneline');
  const side = (ref: string, sha: string) => ({ ref, sha, repo: { full_name: 'o/r' } });
  const event = join(dir, '..', `${dir.split('/').at(-1)}-event.json`);
  writeFileSync(
    event,
    JSON.stringify({ pull_request: { number: 3, base: side('main', base), head: side('f', head) } }),
  );
  dirs.push(event);
  const m = memoryContext(dir, { GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'o/r' });
  const code = await runCli(
    ['ci', 'pr', '--no-comment', '--provider', 'local/m', '--sample', '4', '--json'],
    m.ctx,
  );
  assert.equal(code, 1, m.stderr());
  assert.match(
    m.stderr(),
    /ticket-triage\.prompt\.yml: 8 of 8 calls failed \(100%\); first distinct errors:\n {2}8× /,
  );
  const out = JSON.parse(m.stdout()) as { verdict: string; report: { prompts: { error?: string }[] } };
  assert.equal(out.verdict, 'error');
  assert.match(out.report.prompts[0]?.error ?? '', /all 8 calls failed/);
});
