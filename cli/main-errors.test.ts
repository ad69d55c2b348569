import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ForgeError } from '../core/errors.ts';
import { memoryContext } from './context.ts';
import { handleError } from './main.ts';

it('a full disk anywhere (not only in git) is one line saying what to do, not an internal error', () => {
  const m = memoryContext('/tmp');
  const cause = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    path: '/repo/.evohub/results.duckdb',
  });
  assert.equal(handleError(new Error('IO Error: could not write', { cause }), m.ctx, false), 1);
  assert.equal(
    m.stderr(),
    'evohub: no space left on the device to write /repo/.evohub/results.duckdb (ENOSPC); free disk space, then run the command again (evolve: add --resume)\n',
  );
  const duck = memoryContext('/tmp');
  const native = new Error('IO Error: Could not write file "x.duckdb": No space left on device');
  assert.equal(handleError(native, duck.ctx, false), 1);
  assert.match(duck.stderr(), /^evohub: no space left on the device \(ENOSPC\); free disk space/);
  assert.doesNotMatch(duck.stderr(), /internal error/);
});

it('--debug prints the cause chain and the error fields, with every secret of the environment redacted', () => {
  const token = 'plain-looking-secret-value';
  const m = memoryContext('/tmp', { GITHUB_TOKEN: token, OPENAI_API_KEY: 'sk-live-abcdefghijklmnop' });
  const octokit = Object.assign(new Error(`Bad credentials ${token}`), {
    status: 401,
    request: { headers: { authorization: `token ${token}`, 'x-api-key': 'sk-live-abcdefghijklmnop' } },
    response: { data: { message: `token ${token} refused` } },
  });
  const e = new ForgeError('unauthorized', 'GitHub get repository failed', { cause: octokit });
  assert.equal(handleError(e, m.ctx, true), 1);
  assert.match(m.stderr(), /\[cause\]: Error: Bad credentials \[redacted\]/);
  assert.match(m.stderr(), /request: \{ headers:/);
  assert.doesNotMatch(m.stderr(), new RegExp(`${token}|sk-live`));
});
