/**
 * Fuzzing the canary gate's reading of Prometheus: query_range matrices with hostile shapes and samples (null or
 * missing labels, values that are NaN, ±Inf, negative, empty, numbers instead of strings, short pairs, falling
 * counters) through the whole pure pipeline (checkMatrix → sumsByVariant → statistics → decision). Properties:
 * a decision or the typed error, never an internal one; and never `promote` when any sample of an outcome
 * counter was not a finite number ≥ 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseGateConfig } from '../../core/gate/config.ts';
import { buildGateAbInput, decideGate } from '../../core/gate/decide.ts';
import { checkMatrix } from '../../core/gate/matrix.ts';
import { OUTCOME_METRICS } from '../../core/gate/outcome-metrics.ts';
import { sumsByVariant } from '../../core/gate/samples.ts';
import { analyzeExperiment } from '../../core/stats/index.ts';
import { FUZZ_SEED, params, typedOrValue } from './hostile.ts';

const config = parseGateConfig(
  'prompt: p\nminSamples: 10\nprimary: { metric: success }\nguardrails: [{ metric: latency, margin: 0.5 }]\n',
  'gate.yaml',
);
const NOW = 10_000;
const names = Object.values(OUTCOME_METRICS);

const sampleValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5000 }).map(String) },
  fc.constantFrom('NaN', '+Inf', '-Inf', '-4000', '', 'abc', '1e400', '-0'),
  fc.double().map(String),
  fc.constantFrom(null, 3, true, [1]),
);

const pair = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.integer({ min: NOW - 1200, max: NOW }), sampleValue) },
  fc.constantFrom([1], [], null, 'x', [Number.NaN, '1'], ['1', '1']),
);

const metric = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      __name__: fc.constantFrom(...names, 'other_total'),
      prompt: fc.constant('p'),
      variant: fc.constantFrom('stable', 'canary', 'shadow'),
      instance: fc.constantFrom('a', 'b'),
    }),
  },
  fc.constantFrom(null, {}, { __name__: 3 }, [], 'metric'),
);

const series = fc.oneof(
  { weight: 10, arbitrary: fc.record({ metric, values: fc.array(pair, { maxLength: 6 }) }) },
  fc.constantFrom(null, 1, {}, { metric: {} }, { values: [] }),
);

/** Mostly-clean matrices: every counter for both variants, increasing, then a few hostile edits. */
const matrix = fc
  .tuple(
    fc
      .integer({ min: 0, max: 3000 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: n, max: n + 40 }))),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(series, { maxLength: 3 })),
    fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      fc.array(fc.tuple(fc.nat(), fc.nat(), sampleValue), { maxLength: 2 }),
    ),
  )
  .map(([[s, c], extra, edits]) => {
    const clean = ['stable', 'canary'].flatMap((variant, vi) =>
      names.map((name) => {
        const n = vi === 0 ? (s as number) : (c as number);
        // The canary succeeds more often: clean data is often a promotion, so the property has teeth.
        const v = name.includes('success')
          ? Math.floor(n * (vi === 0 ? 0.7 : 0.9))
          : name.includes('squares')
            ? 2 * n
            : n;
        return {
          metric: { __name__: name, prompt: 'p', variant, instance: 'a' },
          values: [
            [NOW - 900, '0'],
            [NOW - 300, String(Math.floor(v / 2))],
            [NOW - 10, String(v)],
          ] as unknown[],
        };
      }),
    );
    for (const [i, j, value] of edits) {
      const target = clean[i % clean.length] as { values: unknown[] };
      const k = j % target.values.length;
      target.values[k] = [(target.values[k] as [number])[0], value];
    }
    return [...clean, ...extra] as unknown;
  });

function hostileSample(result: unknown): boolean {
  if (!Array.isArray(result)) return true;
  return result.some((s) => {
    // Other variants (a shadow) are not part of the decision, whatever their samples.
    const m = (s as { metric?: { __name__?: unknown; variant?: unknown } })?.metric;
    if (!m || !names.includes(m.__name__ as never) || !['stable', 'canary'].includes(m.variant as string))
      return false;
    return ((s as { values?: unknown[] }).values ?? []).some((p) => {
      const v = Array.isArray(p) ? p[1] : undefined;
      const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return !(Number.isFinite(x) && x >= 0);
    });
  });
}

test(`fuzz (seed ${FUZZ_SEED}; EVOHUB_FUZZ_SEED=${FUZZ_SEED} reproduces): Prometheus matrices through the gate`, () => {
  fc.assert(
    fc.property(matrix, (result) => {
      const r = typedOrValue(() => {
        const checked = checkMatrix(result, 'q');
        const sums = sumsByVariant(checked, ['stable', 'canary'], NOW - 600, 'q');
        const report = analyzeExperiment(buildGateAbInput(config, sums));
        return decideGate(config, report, { evaluatedAt: 'now', window: '10m' });
      });
      if (r.ok && r.value.decision === 'promote') {
        assert.ok(!hostileSample(result), 'promoted on a non-finite or negative sample');
      }
    }),
    params(400),
  );
});
