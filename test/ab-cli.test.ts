import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryContext } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));

async function run(args: string[], stdin = '') {
  const m = memoryContext(root, {}, stdin);
  const code = await runCli(['ab', 'analyze', ...args], m.ctx);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** The canary example with the canary's conversions replaced. */
function canary(successes: number, users = 1262): string {
  const doc = JSON.parse(readFileSync(`${root}docs/ab/canary-sequential.json`, 'utf8'));
  doc.variants[1].users = users;
  doc.metrics[0].stats.canary.sum = successes;
  return JSON.stringify(doc);
}

describe('evohub ab analyze', () => {
  test('prints a table with the decision for a file (exit 0)', async () => {
    const r = await run(['docs/ab/checkout.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^A\/B analysis \(frequentist, two-sided, relative difference, alpha 0\.05/);
    assert.match(r.stdout, /checkout_rate \(primary\)\s+concise-v7\s+0\.1037\s+0\.1154\s+\+11\.\d\d%/);
    assert.match(r.stdout, /Decision: ship: concise-v7: better on checkout_rate; guardrails pass/);
  });

  test('--json prints the report; numbers match the API', async () => {
    const r = await run(['docs/ab/checkout.json', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.decision, 'ship');
    assert.equal(report.winner, 'concise-v7');
    assert.equal(report.metrics.length, 4);
    assert.equal(report.metrics[1].cuped, true);
    assert.equal(typeof report.srm.pValue, 'number');
  });

  test('--markdown prints a table for a PR comment', async () => {
    const r = await run(['docs/ab/canary-sequential.json', '--markdown']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^### A\/B analysis: \*\*ship\*\* `canary`/);
    assert.match(
      r.stdout,
      /\| metric \| variant \| baseline \| variant mean \| lift \| 95% CI \| p-value \| result \|/,
    );
  });

  test('reads standard input for -', async () => {
    const r = await run(['-', '--json'], canary(1040));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).decision, 'continue');
  });

  test('--check: exit 1 on rollback and srm-failed, the report still printed; 0 otherwise', async () => {
    const worse = await run(['-', '--check', '--json'], canary(950));
    assert.equal(worse.code, 1);
    assert.equal(JSON.parse(worse.stdout).decision, 'rollback');
    assert.equal(worse.stderr, '', 'the report already says why');
    const skewed = await run(['-', '--check'], canary(1400, 1600));
    assert.equal(skewed.code, 1);
    assert.match(skewed.stdout, /Decision: srm-failed: sample ratio mismatch/);
    const fine = await run(['docs/ab/canary-sequential.json', '--check']);
    assert.equal(fine.code, 0);
  });

  test('invalid input: exit 1 with every problem located as file:line:col', async () => {
    const r = await run(['test/fixtures/ab/wrong-shape.json']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /test\/fixtures\/ab\/wrong-shape\.json:2:86: variants\[1\]\.users: must be >= 0/);
    assert.match(r.stderr, /wrong-shape\.json:9:9: .*missing required property "sumSquares"/);
    const stdin = await run(['-'], '{"variants": [}');
    assert.equal(stdin.code, 1);
    assert.match(stdin.stderr, /^evohub: <stdin>:1:15: JSON syntax error/);
  });

  test('a missing file is exit 1; conflicting flags are a usage error (exit 2)', async () => {
    const missing = await run(['no/such.json']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file: no\/such\.json/);
    const both = await run(['docs/ab/checkout.json', '--json', '--markdown']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--json and --markdown cannot be combined/);
    const noArg = await run([]);
    assert.equal(noArg.code, 2);
  });

  test('the spawned binary analyses a file from stdin', () => {
    const r = spawnSync(process.execPath, [bin, 'ab', 'analyze', '-', '--json'], {
      cwd: root,
      input: readFileSync(`${root}test/fixtures/ab/minimal.json`),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.metrics[0].variants[0].outcome, 'better');
  });
});
