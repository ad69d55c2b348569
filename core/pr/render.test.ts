import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PairedMetricComparison } from '../evaluation/paired.ts';
import {
  COMPARISON_MARKER,
  type ComparisonReport,
  overallVerdict,
  renderComparisonComment,
} from './comparison-comment.ts';
import { cell, num, redactSecrets } from './markdown.ts';
import { type ProposalEvidence, proposalMarker, renderProposalBody } from './proposal-body.ts';

/** The rows of the Markdown table under `## … heading` / `### heading`, as cells (header row first). */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('#') && l.includes(heading));
  assert.ok(start >= 0, `heading ${heading}`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith('#')) break;
    if (!l.startsWith('|')) continue;
    const cells = l
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (cells.every((c) => c === '---')) continue;
    rows.push(cells);
  }
  return rows;
}

const evidence: ProposalEvidence = {
  runId: 'r-20260201-abc',
  prompt: { name: 'summarize', path: 'prompts/summarize.prompt.yaml', fromVersion: 3, toVersion: 4 },
  algorithm: 'nsga2',
  generations: 8,
  heldOut: { cases: 40, seed: 7 },
  objectives: [
    {
      metric: 'accuracy',
      direction: 'maximize',
      baseline: { mean: 0.625, ci: { low: 0.55, high: 0.7 } },
      winner: { mean: 0.8, ci: { low: 0.74, high: 0.86 } },
      difference: { mean: 0.175, ci: { low: 0.1, high: 0.25 }, pairs: 40 },
    },
    {
      metric: 'cost',
      direction: 'minimize',
      baseline: { mean: 0.0012, ci: { low: 0.001, high: 0.0014 } },
      winner: { mean: 0.0013, ci: { low: 0.0011, high: 0.0015 } },
      difference: { mean: 0.0001, ci: { low: -0.0001, high: 0.0003 }, pairs: 40 },
    },
    {
      metric: 'latency_ms',
      direction: 'minimize',
      baseline: { mean: 900, ci: { low: 850, high: 950 } },
      winner: { mean: 1000, ci: { low: 950, high: 1050 } },
      difference: { mean: 100, ci: { low: 60, high: 140 }, pairs: 40 },
    },
  ],
  pareto: {
    metrics: ['accuracy', 'cost'],
    points: [
      { candidateId: 'c-17', values: { accuracy: 0.8, cost: 0.0013 }, chosen: true },
      { candidateId: 'c-09', values: { accuracy: 0.7, cost: 0.0009 } },
    ],
  },
  lineage: [
    { generation: 5, candidateId: 'c-17', parents: ['c-09', 'c-02'], operator: 'section-crossover' },
    { generation: 0, candidateId: 'c-02', parents: [], operator: 'seed' },
  ],
  spend: {
    evaluations: 1234,
    cachedEvaluations: 200,
    costUsd: 0.4321,
    budgetEvaluations: 2000,
    budgetUsd: 5,
  },
  models: ['simulated/summarize'],
  reproduce: 'npx evohub evolve prompts/summarize.prompt.yaml --seed 7 --budget-usd 5',
};

describe('renderProposalBody', () => {
  const md = renderProposalBody(evidence);

  it('starts with the run marker and a title naming the versions', () => {
    assert.ok(md.startsWith(proposalMarker('r-20260201-abc')));
    assert.match(md, /## evohub: summarize v3 → v4 \(run r-20260201-abc\)/);
    assert.match(md, /held-out split\*\* \(40 cases/);
  });

  it('tabulates baseline vs winner per objective with intervals and direction-aware verdicts', () => {
    const rows = tableAfter(md, 'Baseline vs winner');
    assert.deepEqual(rows[0], [
      'objective',
      'goal',
      'baseline (95% CI)',
      'winner (95% CI)',
      'difference (95% CI)',
      'verdict',
    ]);
    assert.deepEqual(rows[1], [
      'accuracy',
      'higher is better',
      '0.625 [0.55, 0.7]',
      '0.8 [0.74, 0.86]',
      '+0.175 [0.1, 0.25]',
      '✅ better',
    ]);
    assert.equal(rows[2]?.[5], '➖ no significant difference', 'cost CI spans zero');
    assert.equal(rows[3]?.[5], '❌ worse', 'higher latency is worse');
    assert.equal(rows[3]?.[4], '+100 [60, 140]');
  });

  it('shows the Pareto front with the proposed candidate, lineage by generation, spend and the command', () => {
    const pareto = tableAfter(md, 'Pareto front');
    assert.deepEqual(pareto[0], ['candidate', 'accuracy', 'cost', '']);
    assert.deepEqual(pareto[1], ['`c-17`', '0.8', '0.0013', '★ proposed']);
    assert.equal(tableAfter(md, 'Baseline vs winner')[2]?.[4], '+0.0001 [-0.0001, 0.0003]');
    const lineage = tableAfter(md, 'Lineage');
    assert.deepEqual(
      lineage.slice(1).map((r) => r[1]),
      ['`c-02`', '`c-17`'],
    );
    assert.equal(lineage[2]?.[2], '`c-09`, `c-02`');
    assert.match(md, /evaluations: 1,234 of 2,000 budgeted \(200 from cache, free\)/);
    assert.match(md, /cost: \$0\.4321 of \$5\.00 budgeted/);
    assert.match(
      md,
      /```sh\nnpx evohub evolve prompts\/summarize\.prompt\.yaml --seed 7 --budget-usd 5\n```/,
    );
    assert.match(md, /Simulated provider/);
  });

  it('never carries a secret, even one smuggled into the evidence', () => {
    const leaky = renderProposalBody({
      ...evidence,
      reproduce:
        'OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234 GITHUB_TOKEN=ghs_abcdefghijklmnopqrstuv npx evohub evolve',
    });
    assert.doesNotMatch(leaky, /sk-proj-abcdefghijklmnop1234|ghs_abcdefghijklmnopqrstuv/);
    assert.match(leaky, /OPENAI_API_KEY=\*\*\* GITHUB_TOKEN=\*\*\*/);
  });
});

function metric(p: Partial<PairedMetricComparison> & { name: string }): PairedMetricComparison {
  return {
    kind: 'string',
    direction: 'maximize',
    pairs: 20,
    baseMean: 0.5,
    candidateMean: 0.5,
    difference: 0,
    ci: { low: -0.05, high: 0.05 },
    verdict: 'no significant difference',
    ...p,
  };
}

describe('renderComparisonComment', () => {
  const report: ComparisonReport = {
    base: { ref: 'main', sha: 'aaaaaaa1111111' },
    head: { ref: 'feature|x', sha: 'bbbbbbb2222222' },
    threshold: 0.05,
    prompts: [
      {
        path: 'prompts/triage.prompt.yaml',
        change: 'modified',
        metrics: [
          metric({
            name: 'exact',
            baseMean: 0.8,
            candidateMean: 0.6,
            difference: -0.2,
            ci: { low: -0.3, high: -0.1 },
            verdict: 'worse',
          }),
          metric({
            name: 'latency_ms',
            kind: 'builtin',
            direction: 'minimize',
            baseMean: 500,
            candidateMean: 400,
            difference: -100,
            ci: { low: -150, high: -50 },
            verdict: 'better',
          }),
        ],
      },
      { path: 'prompts/new.prompt.yml', change: 'added', metrics: [] },
    ],
  };

  it('has the marker, the verdict, and one row per metric with the paired difference', () => {
    const md = renderComparisonComment(report);
    assert.ok(md.startsWith(COMPARISON_MARKER));
    assert.equal(COMPARISON_MARKER, '<!-- evohub:ci-pr -->');
    assert.match(md, /## evohub: ❌ Significant regression/);
    assert.match(md, /Base `main` \(aaaaaaa\) vs head `feature\|x` \(bbbbbbb\)/);
    const rows = tableAfter(md, 'prompts/triage.prompt.yaml');
    assert.deepEqual(rows[1], ['exact', '20', '0.8', '0.6', '-0.2 [-0.3, -0.1]', '❌ worse']);
    assert.deepEqual(rows[2], [
      'latency_ms (lower is better)',
      '20',
      '500',
      '400',
      '-100 [-150, -50]',
      '✅ better',
    ]);
    assert.match(
      md,
      /### `prompts\/new\.prompt\.yml` \(added\)\n\nPrompt added: nothing to compare against\./,
    );
  });

  it('a significant drop within the threshold is flagged but does not fail', () => {
    const within = {
      ...report,
      threshold: 0.25,
    };
    assert.equal(overallVerdict(within), 'improvement');
    assert.match(renderComparisonComment(within), /⚠️ worse \(within threshold\)/);
    // Builtin measures are reported, gated only when named.
    const slower = {
      ...report,
      prompts: [
        {
          path: 'p',
          change: 'modified' as const,
          metrics: [
            metric({
              name: 'latency',
              kind: 'builtin',
              direction: 'minimize',
              difference: 50,
              verdict: 'worse' as const,
            }),
          ],
        },
      ],
    };
    assert.equal(overallVerdict(slower), 'no significant change');
    assert.match(renderComparisonComment(slower), /⚠️ worse \(not gated\)/);
    assert.equal(overallVerdict({ ...slower, gate: ['latency'] }), 'regression');
    assert.equal(overallVerdict({ ...report, prompts: [] }), 'no significant change');
    assert.equal(
      overallVerdict({
        ...report,
        prompts: [{ path: 'p', change: 'modified', metrics: [], error: 'bad YAML' }],
      }),
      'error',
    );
  });
});

describe('markdown helpers', () => {
  it('escapes cells, formats numbers and redacts secrets', () => {
    assert.equal(cell('a|b\nc'), 'a\\|b c');
    assert.equal(num(0.30000000000000004), '0.3');
    assert.equal(num(-0.0001234), '-0.000123');
    assert.equal(num(-0), '0');
    assert.equal(num(12.34567), '12.346');
    assert.equal(num(Number.NaN), 'n/a');
    assert.equal(
      redactSecrets('https://x-access-token:abc123@github.com/o/r.git'),
      'https://x-access-token:***@github.com/o/r.git',
    );
    assert.equal(redactSecrets('Authorization: Bearer abcdefghijklmnopqrstu'), 'Authorization: Bearer ***');
  });
});
