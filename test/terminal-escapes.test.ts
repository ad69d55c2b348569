/**
 * Untrusted text (evaluator names and dataset cells from a prompt file, commit subjects, names quoted in errors)
 * never reaches the terminal with raw control characters: `\x1b]0;PWNED\x07\x1b[2J` would set the window title
 * and clear the screen. Every CLI output goes through safeText; JSON output stays valid and exact.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { memoryContext } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';
import { renderComparisonComment } from '../core/pr/comparison-comment.ts';

const ATTACK = '\x1b]0;PWNED\x07\x1b[2J';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evohub-escapes-'));
  await mkdir(join(dir, 'prompts'));
  await writeFile(
    join(dir, 'prompts/triage.prompt.yml'),
    [
      'model: simulated/ticket-triage',
      'messages:',
      '  - role: system',
      '    content: Classify the support ticket into billing, bug, feature_request, account or other.',
      '  - role: user',
      "    content: 'Ticket: {{ticket}}'",
      'testData:',
      '  - { ticket: "I was charged twice \\e]0;PWNED\\a", expected: billing }',
      '  - { ticket: "The app crashes", expected: bug }',
      'evaluators:',
      '  - name: "label\\e]0;PWNED\\a\\e[2J"',
      '    string: { equals: "{{expected}}" }',
      '',
    ].join('\n'),
  );
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', `add triage ${ATTACK}`);
});
after(() => rm(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const m = memoryContext(dir);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

test('eval: an evaluator name with escape sequences prints as visible escapes; --json stays exact', async () => {
  const r = await cli('eval', 'triage', '--no-cache');
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out + r.err, RAW);
  assert.match(r.out, /label\\x1b\]0;PWNED\\x07\\x1b\[2J/);
  const json = await cli('eval', 'triage', '--json');
  assert.doesNotMatch(json.out, RAW);
  const names = (JSON.parse(json.out) as { summary: { metrics: { name: string }[] } }).summary.metrics.map(
    (m) => m.name,
  );
  assert.ok(names.includes(`label${ATTACK}`), names.join());
});

test('log, show and errors quoting user input print no raw control characters', async () => {
  const log = await cli('log', 'triage');
  assert.equal(log.code, 0, log.err);
  assert.doesNotMatch(log.out, RAW);
  assert.match(log.out, /add triage \\x1b\]0;PWNED\\x07/);
  const show = await cli('show', 'triage');
  assert.doesNotMatch(show.out, RAW);
  const missing = await cli('show', `nope${ATTACK}`);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nope\\x1b\]0;PWNED\\x07\\x1b\[2J/);
  assert.doesNotMatch(missing.err, RAW);
  const flag = await cli('eval', `--bogus${ATTACK}`);
  assert.doesNotMatch(flag.err, RAW);
});

test('a pull-request comment escapes control characters in every cell and line', () => {
  const metric = {
    name: `label${ATTACK}`,
    kind: 'string',
    direction: 'maximize' as const,
    pairs: 8,
    baseMean: 0.5,
    candidateMean: 0.75,
    difference: 0.25,
    ci: { low: -0.1, high: 0.5 },
    verdict: 'no significant difference' as const,
  };
  const body = renderComparisonComment({
    base: { ref: `main${ATTACK}`, sha: 'a'.repeat(40) },
    head: { ref: 'pr', sha: 'b'.repeat(40) },
    threshold: 0.02,
    prompts: [
      { path: `prompts/x${ATTACK}.prompt.yml`, change: 'modified', metrics: [metric] },
      { path: 'prompts/y.prompt.yml', change: 'modified', metrics: [], error: `bad YAML ${ATTACK}` },
    ],
  });
  assert.doesNotMatch(body, RAW);
  assert.match(body, /x\\x1b\]0;PWNED/);
});
