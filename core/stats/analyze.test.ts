import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../errors.ts';
import type { AbInput, AbMetricInput, AbReport } from './ab-types.ts';
import { analyzeExperiment } from './analyze.ts';
import { abMethods } from './methods/index.ts';
import { formatReportJson, formatReportMarkdown, formatReportText } from './report-format.ts';

/** Mean-metric stats for n units with the given mean and standard deviation (exact sums). */
function meanStats(n: number, mean: number, sd: number) {
  const sum = n * mean;
  return { n, sum, sumSquares: sd * sd * (n - 1) + (sum * sum) / n };
}

function input(metrics: AbMetricInput[], settings: AbInput['settings'] = {}, users = [5000, 5000]): AbInput {
  return {
    settings,
    variants: [
      { name: 'control', users: users[0]! },
      { name: 'treatment', users: users[1]! },
    ],
    metrics,
  };
}

const conversion = (control: number, treatment: number): AbMetricInput => ({
  name: 'conversion',
  type: 'proportion',
  primary: true,
  stats: { control: { sum: control }, treatment: { sum: treatment } },
});

const latency = (controlMean: number, treatmentMean: number, margin = 0.05): AbMetricInput => ({
  name: 'latency',
  type: 'mean',
  direction: 'lower',
  guardrail: { margin },
  stats: { control: meanStats(5000, controlMean, 0.3), treatment: meanStats(5000, treatmentMean, 0.3) },
});

function only(report: AbReport, metric: string) {
  const m = report.metrics.find((x) => x.name === metric);
  assert.ok(m, `metric ${metric}`);
  return m.variants[0]!;
}

describe('decision', () => {
  test('ship: primary significantly better, guardrail within its margin', () => {
    const r = analyzeExperiment(input([conversion(500, 600), latency(1.2, 1.21)]));
    assert.equal(r.decision, 'ship');
    assert.equal(r.winner, 'treatment');
    assert.equal(only(r, 'conversion').outcome, 'better');
    assert.equal(only(r, 'latency').guardrail?.verdict, 'pass');
    assert.equal(r.srm.passed, true);
  });

  test('rollback: a guardrail is worse than its margin even though the primary wins', () => {
    const r = analyzeExperiment(input([conversion(500, 600), latency(1.2, 1.4)]));
    assert.equal(only(r, 'latency').guardrail?.verdict, 'fail');
    assert.equal(r.decision, 'rollback');
    assert.match(r.reason, /guardrail failed: latency/);
  });

  test('rollback: the primary metric is significantly worse', () => {
    const r = analyzeExperiment(input([conversion(600, 480)]));
    assert.equal(only(r, 'conversion').outcome, 'worse');
    assert.equal(r.decision, 'rollback');
  });

  test('continue: no significant difference yet; guardrail inconclusive', () => {
    const r = analyzeExperiment(input([conversion(500, 510), latency(1.2, 1.26, 0.05)]));
    assert.equal(r.decision, 'continue');
    assert.equal(only(r, 'latency').guardrail?.verdict, 'inconclusive');
    assert.match(r.reason, /no significant improvement yet on conversion/);
  });

  test('srm-failed wins over everything else', () => {
    const r = analyzeExperiment(input([conversion(500, 700)], {}, [5000, 5600]));
    assert.equal(r.srm.passed, false);
    assert.ok(r.srm.pValue < 0.001);
    assert.equal(r.decision, 'srm-failed');
    assert.match(r.reason, /sample ratio mismatch/);
  });

  test('weights set the expected split (80/20 is fine when configured)', () => {
    const doc = input([conversion(400, 120)], {}, [4000, 1000]);
    doc.variants[0]!.weight = 80;
    doc.variants[1]!.weight = 20;
    const r = analyzeExperiment(doc);
    assert.equal(r.srm.passed, true);
    assert.deepEqual(
      r.srm.variants.map((v) => v.expectedShare),
      [0.8, 0.2],
    );
  });

  test('several variants: each compared with the first; the best shipping one wins', () => {
    const doc: AbInput = {
      variants: [
        { name: 'control', users: 5000 },
        { name: 'b', users: 5000 },
        { name: 'c', users: 5000 },
      ],
      metrics: [
        {
          name: 'conversion',
          type: 'proportion',
          stats: { control: { sum: 500 }, b: { sum: 600 }, c: { sum: 650 } },
        },
      ],
    };
    const r = analyzeExperiment(doc);
    assert.deepEqual(
      r.verdicts.map((v) => v.decision),
      ['ship', 'ship'],
    );
    assert.equal(r.winner, 'c');
    assert.equal(r.metrics[0]!.primary, true, 'the first metric is primary when none is marked');
  });

  test('lower-is-better primary: a decrease is "better"', () => {
    const m = latency(1.2, 1.1, 0.05);
    const r = analyzeExperiment(input([{ ...m, guardrail: undefined, primary: true }]));
    assert.equal(only(r, 'latency').outcome, 'better');
    assert.equal(r.decision, 'ship');
  });
});

describe('settings', () => {
  test('the report matches the method it names (same numbers as calling the method directly)', () => {
    for (const method of ['frequentist', 'sequential', 'bayesian'] as const) {
      const r = analyzeExperiment(input([conversion(500, 560)], { method }));
      const direct = abMethods[method].compare(
        { kind: 'proportion', n: 5000, sum: 500 },
        { kind: 'proportion', n: 5000, sum: 560 },
        {
          alpha: 0.05,
          side: 'two-sided',
          relative: true,
          sequentialTuning: 5000,
          prior: r.settings.prior,
          inverse: false,
        },
      );
      const v = only(r, 'conversion');
      assert.equal(v.estimate, direct.estimate, method);
      assert.deepEqual(v.ci, direct.ci, method);
      assert.equal(r.settings.method, method);
    }
  });

  test('one-sided: primary uses the improvement side (infinite upper end); guardrails stay two-sided', () => {
    const r = analyzeExperiment(input([conversion(500, 600), latency(1.2, 1.21)], { sided: 'one-sided' }));
    assert.equal(only(r, 'conversion').ci[1], Number.POSITIVE_INFINITY);
    assert.ok(Number.isFinite(only(r, 'latency').ci[0]) && Number.isFinite(only(r, 'latency').ci[1]));
    const json = JSON.parse(formatReportJson(r));
    assert.equal(json.metrics[0].variants[0].ci[1], null, 'JSON has no Infinity: null');
    const lower = analyzeExperiment(
      input([{ ...latency(1.2, 1.1), guardrail: undefined, primary: true }], { sided: 'one-sided' }),
    );
    assert.equal(only(lower, 'latency').ci[0], Number.NEGATIVE_INFINITY);
  });

  test('holm-bonferroni: p-values adjusted across non-guardrail metrics, raw kept, CI widened', () => {
    const metrics: AbMetricInput[] = [
      conversion(500, 570),
      { name: 'second', type: 'proportion', stats: { control: { sum: 300 }, treatment: { sum: 330 } } },
      latency(1.2, 1.21),
    ];
    const plain = analyzeExperiment(input(metrics));
    const corrected = analyzeExperiment(input(metrics, { correction: 'holm-bonferroni' }));
    const p1 = only(plain, 'conversion').pValue!;
    const p2 = only(plain, 'second').pValue!;
    const c1 = only(corrected, 'conversion');
    assert.equal(c1.rawPValue, p1);
    // Holm with two p-values: the smaller doubled, the larger kept, then a running maximum.
    const expected = p1 <= p2 ? Math.min(1, 2 * p1) : Math.max(Math.min(1, 2 * p2), p1);
    assert.ok(Math.abs(c1.pValue! - expected) < 1e-15, `${c1.pValue} vs ${expected}`);
    assert.ok(c1.pValue! > p1);
    assert.ok(c1.ci[0] <= only(plain, 'conversion').ci[0]);
    assert.equal(only(corrected, 'latency').rawPValue, undefined, 'guardrails are not corrected');
  });

  test('CUPED: θ is reported and the interval is narrower than without adjustment', () => {
    const pre = { sum: 100000, sumSquares: 100000 * 20 + 4999 * 25 };
    const metric = (cuped: boolean): AbMetricInput => ({
      name: 'revenue',
      type: 'mean',
      cuped,
      stats: {
        control: { ...meanStats(5000, 18, 5), pre, sumProducts: 5000 * 18 * 20 + 4999 * 20 },
        treatment: { ...meanStats(5000, 18.3, 5), pre, sumProducts: 5000 * 18.3 * 20 + 4999 * 20 },
      },
    });
    const adjusted = analyzeExperiment(input([metric(true)]));
    const unadjusted = analyzeExperiment(input([metric(false)]));
    assert.equal(adjusted.metrics[0]!.theta?.length, 1);
    assert.ok(
      Math.abs(adjusted.metrics[0]!.theta![0]! - 0.8) < 1e-9,
      `θ = cov/var = 20/25: ${adjusted.metrics[0]!.theta}`,
    );
    assert.ok(only(adjusted, 'revenue').stdError < only(unadjusted, 'revenue').stdError);
  });
});

describe('edge cases give an uninformative, explained result instead of NaN', () => {
  const cases: [string, AbMetricInput, RegExp][] = [
    // gbstats checks the baseline before the variance in its Bayesian test.
    ['zero conversions in both arms', conversion(0, 0), /variance|baseline mean is zero/],
    ['zero conversions in the variant', conversion(50, 0), /variance/],
    [
      'zero variance (every unit the same value)',
      { name: 'v', type: 'mean', stats: { control: meanStats(100, 3, 0), treatment: meanStats(100, 3, 0) } },
      /variance/,
    ],
    [
      'tiny samples (n = 1)',
      {
        name: 'v',
        type: 'mean',
        stats: { control: { n: 1, sum: 3, sumSquares: 9 }, treatment: { n: 1, sum: 4, sumSquares: 16 } },
      },
      /variance/,
    ],
    [
      'a variant with no users',
      { name: 'v', type: 'proportion', stats: { control: { sum: 10 }, treatment: { n: 0, sum: 0 } } },
      /no units in the variant/,
    ],
    [
      'baseline mean zero (relative lift undefined)',
      {
        name: 'v',
        type: 'mean',
        stats: { control: { n: 4, sum: 0, sumSquares: 4 }, treatment: { n: 4, sum: 2, sumSquares: 6 } },
      },
      /baseline mean is zero/,
    ],
  ];
  for (const [name, metric, error] of cases) {
    for (const method of ['frequentist', 'sequential', 'bayesian'] as const) {
      test(`${name} (${method})`, () => {
        const r = analyzeExperiment(input([{ ...metric, primary: true }], { method }));
        const v = r.metrics[0]!.variants[0]!;
        assert.match(v.error ?? '', error);
        assert.equal(v.estimate, 0);
        assert.deepEqual(v.ci, [0, 0]);
        assert.equal(v.significant, false);
        assert.equal(v.outcome, 'inconclusive');
        if (method === 'bayesian') assert.equal(v.chanceToWin, 0.5);
        else assert.equal(v.pValue, 1);
        assert.notEqual(r.decision, 'ship');
        for (const text of [formatReportText(r), formatReportMarkdown(r), formatReportJson(r)]) {
          assert.doesNotMatch(text, /NaN/);
        }
      });
    }
  }

  test('a variant with no users also fails the SRM check', () => {
    const r = analyzeExperiment(input([conversion(100, 0)], {}, [1000, 0]));
    assert.equal(r.decision, 'srm-failed');
  });
});

describe('input checks on the API (no file)', () => {
  test('stats for an undeclared variant and a missing variant are both reported with pointers', () => {
    const bad = input([
      { name: 'conversion', type: 'proportion', stats: { control: { sum: 1 }, treatmnet: { sum: 2 } } },
    ]);
    assert.throws(
      () => analyzeExperiment(bad),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        const fields = e.problems.map((p) => p.location.field);
        assert.deepEqual(fields.sort(), ['/metrics/0/stats', '/metrics/0/stats/treatmnet']);
        assert.match(e.userMessage(), /did you mean "treatment"/);
        return true;
      },
    );
  });

  test('more conversions than units, and CUPED without pre-period data, are rejected', () => {
    const bad = input([
      {
        name: 'c',
        type: 'proportion',
        cuped: true,
        stats: { control: { sum: 6000 }, treatment: { sum: 1 } },
      },
    ]);
    assert.throws(() => analyzeExperiment(bad), /6000 conversions out of 5000 units/);
  });

  test('settings out of range are rejected for documents built in code', () => {
    assert.throws(
      () => analyzeExperiment(input([conversion(1, 2)], { alpha: 0.7 })),
      /alpha must be between 0 and 0.5/,
    );
    assert.throws(
      () => analyzeExperiment({ variants: [{ name: 'a', users: 1 }], metrics: [] }),
      /at least two variants/,
    );
  });
});
