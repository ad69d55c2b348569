import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { git } from '../../adapters/git/testing.ts';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';

/** The template prompt with its messages replaced (a deliberately good or bad version). */
function withSystem(text: string, system: string): string {
  return text.replace(
    /messages:\n[\s\S]*?(?=\n\S)/,
    `messages:\n  - role: system\n    content: ${JSON.stringify(system)}\n  - role: user\n    content: "{{ticket}}"`,
  );
}

const GOOD =
  'Classify the customer support ticket into exactly one label: billing, bug, feature_request, account, other. ' +
  'billing: charges, refunds, invoices, payment. bug: crashes, errors, something broken. feature_request: asks to add a feature. ' +
  'account: login, password, profile. Answer with the label only, lowercase, nothing else.';
const BAD = 'Write a friendly reply. Also mention the weather. Answer with a long explanation.';

async function evohub(dir: string, args: string[], env: Record<string, string> = {}) {
  const m = memoryContext(dir, env);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

let server: Awaited<ReturnType<typeof startOpenAiServer>>;
const dirs: string[] = [];
after(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
before(async () => {
  server = await startOpenAiServer({ respond: () => 'billing' });
});

/** A fresh git repository with the classification template; the prompt committed as `committed`. */
function repo(committed?: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-eval-'));
  dirs.push(dir);
  cpSync(templates, dir, { recursive: true });
  // The local OpenAI-compatible server stands in for every OpenAI-style provider: a request that got through
  // would show in its count.
  const config = readFileSync(join(dir, 'evohub.yaml'), 'utf8').replace(
    /providers:\n/,
    `providers:\n  local:\n    type: openai\n    baseUrl: ${server.baseUrl}\n    apiKeyEnv: none\n`,
  );
  writeFileSync(
    join(dir, 'evohub.yaml'),
    config.replace(/( {2}openai:\n)/, `$1    baseUrl: ${server.baseUrl}\n`),
  );
  const original = readFileSync(join(dir, PROMPT), 'utf8');
  if (committed) writeFileSync(join(dir, PROMPT), committed(original));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'template');
  if (committed) writeFileSync(join(dir, PROMPT), original);
  return dir;
}

describe('evohub eval (in-process, temp git repo, classification template)', {
  skip: !existsSync(join(templates, PROMPT)),
}, () => {
  test('evaluates offline with the simulator, labels it, stores the run; a second run makes no provider call', async () => {
    const dir = repo();
    const first = await evohub(dir, ['eval', 'ticket-triage']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /simulated\/ticket-triage \(simulated\)/);
    assert.match(first.out, /95% CI/);
    assert.match(first.out, /cache hits 0\//);

    const second = await evohub(dir, ['eval', 'ticket-triage', '--json']);
    assert.equal(second.code, 0, second.err);
    const report = JSON.parse(second.out);
    assert.equal(report.simulated, true);
    assert.equal(report.status, 'completed');
    const n = report.summary.evaluations;
    assert.ok(n >= 50);
    assert.equal(report.summary.cache.hits, n, 'every answer of the second run came from the cache');
    assert.equal(report.summary.cost.spentUsd, 0);
    assert.ok(report.summary.cost.totalUsd > 0);
    // The same scores from the cache.
    const firstMean = /^(\S+)\s+([\d.]+)/m.exec(first.out.split('\n').slice(3).join('\n'));
    assert.ok(firstMean);
    assert.equal(
      report.summary.metrics.find((m: { name: string }) => m.name === firstMean[1]).mean.toFixed(3),
      firstMean[2],
    );

    const runs = await evohub(dir, ['runs', '--json']);
    assert.equal(runs.code, 0, runs.err);
    const list = JSON.parse(runs.out);
    assert.equal(list.length, 2);
    assert.ok(
      list.every((r: { simulated: boolean; status: string }) => r.simulated && r.status === 'completed'),
    );
    const out = join(dir, 'export.parquet');
    const exp = await evohub(dir, ['runs', '--export', 'parquet', '--out', out, '--run', report.runId]);
    assert.equal(exp.code, 0, exp.err);
    assert.match(exp.out, new RegExp(`wrote ${n} evaluations`));
    const human = await evohub(dir, ['runs']);
    assert.match(human.out, /\(simulated\)/);
  });

  test('against a local OpenAI-compatible server: the second run is served from the cache (zero requests)', async () => {
    const dir = repo();
    const before = server.count;
    const a = await evohub(dir, [
      'eval',
      'ticket-triage',
      '--provider',
      'local/test-model',
      '--sample',
      '10',
      '--json',
    ]);
    assert.equal(a.code, 0, a.err);
    assert.equal(server.count - before, 10);
    assert.equal(JSON.parse(a.out).simulated, false);
    const b = await evohub(dir, [
      'eval',
      'ticket-triage',
      '--provider',
      'local/test-model',
      '--sample',
      '10',
      '--json',
    ]);
    assert.equal(b.code, 0, b.err);
    assert.equal(server.count - before, 10, 'no request the second time');
    assert.equal(JSON.parse(b.out).summary.cache.hits, 10);
  });

  test('--against HEAD with a worse committed version: verdict "better" on the same cases', async () => {
    const dir = repo((t) => withSystem(t, BAD));
    writeFileSync(join(dir, PROMPT), withSystem(readFileSync(join(dir, PROMPT), 'utf8'), GOOD));
    const r = await evohub(dir, ['eval', 'ticket-triage', '--against', 'HEAD', '--json']);
    assert.equal(r.code, 0, r.err);
    const c = JSON.parse(r.out);
    assert.equal(c.simulated, true);
    const scores = c.metrics.filter((m: { kind: string }) => m.kind !== 'builtin');
    assert.ok(scores.length > 0);
    for (const m of scores) {
      assert.equal(m.pairs, c.candidate.summary.cases);
      assert.equal(
        m.verdict,
        'better',
        `${m.name}: ${m.baseMean} → ${m.candidateMean}, CI [${m.ci.low}, ${m.ci.high}]`,
      );
    }
    const md = await evohub(dir, ['eval', 'ticket-triage', '--against', 'HEAD', '--markdown']);
    assert.match(md.out, /\| metric \| base \| candidate \| difference \| 95% CI \| pairs \| verdict \|/);
    assert.match(md.out, /\(simulated\)/);
    assert.match(md.out, /\| better \|/);
  });

  test('the budget stops the run before crossing it, reports partial results, exit 1', async () => {
    const dir = repo();
    const before = server.count;
    const r = await evohub(dir, [
      'eval',
      'ticket-triage',
      '--provider',
      'local/m',
      '--no-cache',
      '--budget-evals',
      '5',
      '--concurrency',
      '2',
    ]);
    assert.equal(r.code, 1);
    assert.equal(server.count - before, 5);
    assert.match(r.out, /STOPPED EARLY \(partial results\): evaluation budget of 5 reached/);
    assert.match(r.out, /= 5 evaluations/);
    assert.match(r.err, /stopped early, results are partial/);
    const runs = JSON.parse((await evohub(dir, ['runs', '--json'])).out);
    assert.equal(runs[0].status, 'partial');
  });

  describe('bad input fails before any call (the server gets zero requests)', () => {
    test('unknown provider', async () => {
      const dir = repo();
      const before = server.count;
      const r = await evohub(dir, ['eval', 'ticket-triage', '--provider', 'nosuch/model']);
      assert.equal(r.code, 1);
      assert.match(r.err, /unknown provider "nosuch"/);
      assert.equal(server.count, before);
    });
    test('missing key (names the variable)', async () => {
      const dir = repo();
      const before = server.count;
      const r = await evohub(dir, ['eval', 'ticket-triage', '--provider', 'openai/gpt-4o-mini'], {});
      assert.equal(r.code, 1);
      assert.match(r.err, /OPENAI_API_KEY is not set/);
      assert.equal(server.count, before);
    });
    test('a dataset row missing a variable (names the row)', async () => {
      const dir = repo();
      writeFileSync(
        join(dir, 'bad.jsonl'),
        '{"ticket": "refund please", "expected": "billing"}\n{"text": "no ticket", "expected": "bug"}\n',
      );
      const before = server.count;
      const r = await evohub(dir, [
        'eval',
        'ticket-triage',
        '--provider',
        'local/m',
        '--dataset',
        'bad.jsonl',
      ]);
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /ticket-triage\.prompt\.yml:\d+:\d+: \{\{ticket\}\} has no value in dataset .*bad\.jsonl:2/,
      );
      assert.equal(server.count, before);
    });
    test('an evaluator naming an unknown field (located)', async () => {
      const dir = repo();
      const text = readFileSync(join(dir, PROMPT), 'utf8');
      assert.match(text, /\{\{expected\}\}/);
      writeFileSync(join(dir, PROMPT), text.replace('{{expected}}', '{{expectd}}'));
      const before = server.count;
      const r = await evohub(dir, ['eval', 'ticket-triage', '--provider', 'local/m']);
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /ticket-triage\.prompt\.yml:\d+:\d+: evaluator "[^"]+" names unknown variable \{\{expectd\}\}/,
      );
      assert.equal(server.count, before);
    });
    test('bad flags are usage errors (exit 2)', async () => {
      const dir = repo();
      const r = await evohub(dir, ['eval', 'ticket-triage', '--sample', 'ten']);
      assert.equal(r.code, 2);
      assert.match(r.err, /--sample must be an integer/);
    });
  });
});
