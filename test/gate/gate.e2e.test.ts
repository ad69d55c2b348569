/**
 * The canary gate end to end with real parts: Prometheus (the Debian binary) scrapes an application that uses
 * the runtime SDK; `evohub gate` reads the counters back over the Prometheus HTTP API and decides. Each case
 * uses its own prompt label, so one Prometheus and one application serve them all.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memoryContext } from '../../cli/context.ts';
import { startServeFromFlags } from '../../cli/gate/serve-command.ts';
import { runCli } from '../../cli/main.ts';
import { freePort } from '../support/free-port.ts';
import { promptYaml, writeConfigMapDir } from './configmap-dir.ts';
import { type DriveRequest, type OutcomeApp, startOutcomeApp, type VariantBehaviour } from './outcome-app.ts';
import { type PrometheusHarness, prometheusAvailable, startPrometheus } from './prometheus-harness.ts';

const PROMPTS = ['better', 'worse', 'skewed', 'little', 'served', 'restarted', 'nan', 'negative'];
const bin = fileURLToPath(new URL('../../cli/bin.ts', import.meta.url));

const base: VariantBehaviour = { successRate: 0.8, latencyMs: 400, costUsd: 0.002 };

describe('evohub gate against a real Prometheus', {
  // Skipped on a developer machine without Prometheus; in CI (provisioned) a missing binary must fail loudly.
  skip: !prometheusAvailable() && !process.env.CI && 'prometheus is not installed (npm run provision)',
}, () => {
  let dir: string;
  let app: OutcomeApp;
  let prom: PrometheusHarness;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evohub-gate-e2e-'));
    const stable = Object.fromEntries(
      PROMPTS.map((p) => [`${p}.prompt.yml`, promptYaml(1, 'Answer briefly.')]),
    );
    const canary = Object.fromEntries(
      PROMPTS.map((p) => [`${p}.prompt.yml`, promptYaml(2, 'Answer briefly and kindly.')]),
    );
    await writeConfigMapDir(join(dir, 'stable'), stable, '2026_01_01_00_00_00.000000001');
    await writeConfigMapDir(join(dir, 'canary'), canary, '2026_01_01_00_00_00.000000002');
    app = await startOutcomeApp({ stable: join(dir, 'stable'), canary: join(dir, 'canary') });
    prom = await startPrometheus([app.hostPort]);
  });

  after(async () => {
    await prom?.stop();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Generates outcomes, then waits until Prometheus has scraped all of them (polling, no fixed sleep). */
  async function drive(d: DriveRequest): Promise<void> {
    const res = await fetch(`${app.url}/drive`, { method: 'POST', body: JSON.stringify(d) });
    assert.equal(res.status, 200, await res.clone().text());
    await prom.waitFor(`sum(evohub_outcome_requests_total{prompt="${d.prompt}"})`, (v) => v[0] === d.n);
  }

  async function gateConfig(prompt: string, extra = ''): Promise<string> {
    const file = join(dir, `${prompt}.gate.yaml`);
    await writeFile(
      file,
      [
        `prometheus: ${prom.url}`,
        'window: 10m',
        `prompt: ${prompt}`,
        'minSamples: 500',
        'primary: { metric: success }',
        'guardrails:',
        '  - { metric: latency, margin: 0.1 }',
        '  - { metric: cost, margin: 0.1 }',
        extra,
      ].join('\n'),
    );
    return file;
  }

  async function gate(args: string[]) {
    const m = memoryContext(dir);
    const code = await runCli(['gate', ...args], m.ctx);
    return { code, out: m.stdout(), err: m.stderr() };
  }

  test('a canary that is truly better is promoted (exit 0)', async () => {
    await drive({
      prompt: 'better',
      n: 6000,
      canaryShare: 0.5,
      seed: 1,
      stable: base,
      canary: { ...base, successRate: 0.88 },
    });
    const r = await gate(['--config', await gateConfig('better'), '--json']);
    const json = JSON.parse(r.out);
    assert.equal(json.decision, 'promote', r.out);
    assert.equal(r.code, 0);
    assert.deepEqual(
      json.variants.map((v: { name: string; requests: number }) => [v.name, v.requests]),
      [
        ['stable', 3000],
        ['canary', 3000],
      ],
    );
    assert.equal(json.primary.outcome, 'better');
    // The A/B document travels with the result, so `evohub ab analyze` can reproduce the numbers.
    assert.deepEqual(json.abInput.variants, [
      { name: 'stable', users: 3000, weight: 1 },
      { name: 'canary', users: 3000, weight: 1 },
    ]);
    assert.ok(json.primary.estimate > 0.05 && json.primary.estimate < 0.15, String(json.primary.estimate));
    assert.deepEqual(
      json.guardrails.map((g: { metric: string; verdict: string }) => [g.metric, g.verdict]),
      [
        ['latency', 'pass'],
        ['cost', 'pass'],
      ],
    );
  });

  test('a canary that is truly worse is rolled back (exit 1), also through the spawned binary', async () => {
    await drive({
      prompt: 'worse',
      n: 6000,
      canaryShare: 0.5,
      seed: 2,
      stable: base,
      canary: { ...base, successRate: 0.7 },
    });
    const config = await gateConfig('worse');
    const r = await gate(['--config', config]);
    assert.equal(r.code, 1);
    assert.match(r.out, /ROLLBACK/);
    assert.match(r.out, /primary:success/);
    const spawned = spawnSync(process.execPath, [bin, 'gate', '--config', config, '--json'], {
      encoding: 'utf8',
    });
    assert.equal(spawned.status, 1, spawned.stderr);
    assert.equal(JSON.parse(spawned.stdout).decision, 'rollback');
  });

  test('a skewed traffic split is a sample ratio mismatch: rollback even though the canary looks better', async () => {
    await drive({
      prompt: 'skewed',
      n: 4000,
      canaryShare: 0.4,
      seed: 3,
      stable: base,
      canary: { ...base, successRate: 0.9 },
    });
    const r = await gate(['--config', await gateConfig('skewed'), '--json']);
    const json = JSON.parse(r.out);
    assert.equal(r.code, 1);
    assert.equal(json.decision, 'rollback');
    assert.equal(json.srm.passed, false);
    assert.match(json.reason, /sample ratio mismatch/);
    // Declared as the real split, the same data passes the SRM check and the canary is promoted.
    const declared = await gateConfig(
      'skewed',
      'variants: [{ name: stable, weight: 60 }, { name: canary, weight: 40 }]',
    );
    const ok = JSON.parse((await gate(['--config', declared, '--json'])).out);
    assert.equal(ok.srm.passed, true);
    assert.equal(ok.decision, 'promote');
    // ... or as a Rollout step passes the split it set.
    const flagged = await gate(['--config', await gateConfig('skewed'), '--canary-weight', '40', '--json']);
    assert.equal(flagged.code, 0);
    assert.equal(JSON.parse(flagged.out).decision, 'promote');
  });

  test('too little data says continue: exit 1 by default, 0 with --on-continue pass', async () => {
    await drive({
      prompt: 'little',
      n: 200,
      canaryShare: 0.5,
      seed: 4,
      stable: base,
      canary: { ...base, successRate: 0.95 },
    });
    const config = await gateConfig('little');
    const strict = await gate(['--config', config, '--json']);
    assert.equal(JSON.parse(strict.out).decision, 'continue');
    assert.match(JSON.parse(strict.out).reason, /not enough data/);
    assert.equal(strict.code, 1);
    const lenient = await gate(['--config', config, '--on-continue', 'pass']);
    assert.equal(lenient.code, 0);
    assert.match(lenient.out, /CONTINUE/);
  });

  test('gate serve answers the decision as JSON for the web provider', async () => {
    await drive({
      prompt: 'served',
      n: 6000,
      canaryShare: 0.5,
      seed: 5,
      stable: base,
      canary: { ...base, successRate: 0.88 },
    });
    const m = memoryContext(dir);
    const server = await startServeFromFlags(m.ctx, {
      config: await gateConfig('served'),
      port: '0',
      host: '127.0.0.1',
    });
    try {
      const res = await fetch(`${server.url}/decision`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { decision: string };
      assert.equal(body.decision, 'promote');
      const bad = await fetch(`${server.url}/decision?window=soon`);
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /\?window= soon is not a duration/);
      // The split a Rollout step set: declared 90/10 while traffic was 50/50 is a sample ratio mismatch.
      const skewed = (await (await fetch(`${server.url}/decision?canaryWeight=10`)).json()) as {
        decision: string;
        srm: { passed: boolean };
      };
      assert.equal(skewed.decision, 'rollback');
      assert.equal(skewed.srm.passed, false);
      assert.equal((await fetch(`${server.url}/decision?canaryWeight=100`)).status, 400);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('a counter reset (the application restarted) is counted across, exactly', async () => {
    const worse = { ...base, successRate: 0.7 };
    await drive({ prompt: 'restarted', n: 3000, canaryShare: 0.5, seed: 6, stable: base, canary: worse });
    assert.equal((await fetch(`${app.url}/restart`, { method: 'POST' })).status, 200);
    // After the restart the counters start again: 1000 more, so Prometheus sees them fall from 3000 to 1000.
    await drive({ prompt: 'restarted', n: 1000, canaryShare: 0.5, seed: 7, stable: base, canary: worse });
    const r = await gate(['--config', await gateConfig('restarted'), '--json']);
    const json = JSON.parse(r.out);
    assert.deepEqual(
      json.variants.map((v: { name: string; requests: number }) => [v.name, v.requests]),
      [
        ['stable', 2000],
        ['canary', 2000],
      ],
    );
    assert.equal(json.decision, 'rollback');
  });

  for (const [prompt, value] of [
    ['nan', 'NaN'],
    ['negative', '-4000'],
  ] as const) {
    test(`a canary counter sample of ${value} is an error naming the series, for the CLI and gate serve`, async () => {
      // A canary truly better and faster: only the bad sample stands between it and a promotion.
      await drive({
        prompt,
        n: 6000,
        canaryShare: 0.5,
        seed: 8,
        stable: base,
        canary: { ...base, successRate: 0.88, latencyMs: 300 },
      });
      const metric = 'evohub_outcome_latency_seconds_sum';
      const poison = { metric, prompt, variant: 'canary', value };
      assert.equal(
        (await fetch(`${app.url}/poison`, { method: 'POST', body: JSON.stringify(poison) })).status,
        200,
      );
      const selector = `${metric}{prompt="${prompt}",variant="canary"}`;
      await prom.waitFor(selector, (v) => v.length === 1 && String(v[0]) === String(Number(value)));
      const config = await gateConfig(prompt);
      const r = await gate(['--config', config, '--json']);
      assert.equal(r.code, 1, r.out);
      assert.equal(r.out, '');
      assert.match(
        r.err,
        new RegExp(`${metric}\\{[^}]*prompt="${prompt}"[^}]*variant="canary"[^}]*\\}: sample "${value}"`),
      );
      const m = memoryContext(dir);
      const server = await startServeFromFlags(m.ctx, { config, port: '0', host: '127.0.0.1' });
      try {
        const res = await fetch(`${server.url}/decision`);
        assert.equal(res.status, 503);
        const body = (await res.json()) as { decision: string; error: string };
        assert.equal(body.decision, 'error');
        assert.match(body.error, new RegExp(`${metric}\\{`));
      } finally {
        await server.close();
      }
    });
  }

  test('a query returning nothing is a clear error and no promotion', async () => {
    const r = await gate(['--config', await gateConfig('no-such-prompt')]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /Prometheus returned no outcome samples for variant stable and canary/);
  });

  test('Prometheus down is a clear error and no promotion, for the CLI and for gate serve', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const config = await gateConfig('better');
    const r = await gate(['--config', config, '--prometheus', closed]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+/);
    const m = memoryContext(dir);
    const server = await startServeFromFlags(m.ctx, {
      config,
      prometheus: closed,
      port: '0',
      host: '127.0.0.1',
    });
    try {
      const res = await fetch(`${server.url}/decision`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as { decision: string; error: string };
      assert.equal(body.decision, 'error');
      assert.match(body.error, /cannot reach Prometheus/);
    } finally {
      await server.close();
    }
  });
});
