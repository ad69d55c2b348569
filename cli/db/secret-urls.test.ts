/**
 * A password in a PostgreSQL or Prometheus URL (`--results-url`, `--to`, `--url`) never reaches an error message,
 * the `--debug` stack trace or the output, whichever command fails and however. No server needed: port 1 refuses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { git } from '../../adapters/git/testing.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const SECRET = 'hunter2-s3cret';
const dir = mkdtempSync(join(tmpdir(), 'evohub-secret-urls-'));
git(dir, 'init', '-q', '-b', 'main');
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const m = memoryContext(dir, {});
  const code = await runCli(args, m.ctx);
  return { code, text: m.stdout() + m.stderr() };
}

test('failing commands name the server without its password, with and without --debug', async () => {
  const pg = `postgres://evohub:${SECRET}@127.0.0.1:1/results`;
  // Percent-encoded in the URL: neither form may leak.
  const encoded = `postgres://evohub:${encodeURIComponent(`${SECRET}/@`)}@127.0.0.1:1/results`;
  const cases = [
    ['db', 'migrate', '--results-url', pg],
    ['db', 'migrate', '--results-url', encoded],
    ['db', 'copy', '--to', pg],
    ['runs', '--results-url', pg],
    ['feedback', 'pull', '--from', 'postgres', '--url', pg, '--dry-run'],
    ['feedback', 'pull', '--from', 'prometheus', '--url', `http://evohub:${SECRET}@127.0.0.1:1`, '--dry-run'],
  ];
  for (const args of cases) {
    for (const debug of [[], ['--debug']]) {
      const r = await run([...args, ...debug]);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.text, /127\.0\.0\.1:1/, `${args.join(' ')}: the server is named`);
      assert.ok(!r.text.includes(SECRET), `${args.join(' ')} ${debug.join('')}: ${r.text}`);
      assert.ok(!r.text.includes(encodeURIComponent(`${SECRET}/@`)), r.text);
    }
  }
});
