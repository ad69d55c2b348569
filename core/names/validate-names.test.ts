import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EvohubError } from '../errors.ts';
import { checkBranchName, checkRunId, refFormatProblem } from './validate-names.ts';

test('refFormatProblem follows git check-ref-format', () => {
  for (const ok of ['evohub/triage/20260101-abc', 'evohub/a-b/run.1', 'evohub/x/a_b']) {
    assert.equal(refFormatProblem(ok), undefined, ok);
  }
  const bad: Record<string, RegExp> = {
    'evohub/x/a..b': /\.\./,
    'evohub/x/x.lock': /\.lock/,
    'evohub/.hidden/r': /starting with "\."/,
    'evohub/x/r.': /ends with "\."/,
    'evohub/x/a b': /" "/,
    'evohub/x/a~b': /"~"/,
    'evohub/x/a@{b': /@\{/,
    'evohub//r': /\/\//,
    'evohub/x/a\u0007': /\\u0007/,
  };
  for (const [ref, why] of Object.entries(bad)) assert.match(refFormatProblem(ref) ?? '', why, ref);
});

test('checkRunId names the flag and refuses ids git cannot use', () => {
  for (const id of ['a..b', 'x.lock', 'r.', '-x', 'a/b']) {
    assert.throws(
      () => checkRunId(id, '--run-id'),
      (e: unknown) => e instanceof EvohubError && e.exitCode === 2 && e.message.includes('--run-id'),
      id,
    );
  }
  checkRunId('20260101T000000-abcd1234', '--run-id');
  assert.throws(() => checkBranchName('evohub/a..b/r1', 'prompts/a..b.prompt.yml'), /a\.\.b\.prompt\.yml/);
});
