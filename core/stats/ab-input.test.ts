import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../errors.ts';
import { abInputProblems, abInputSchema, parseAbInput } from './ab-input.ts';
import { corrections } from './corrections.ts';
import { abMethods } from './methods/index.ts';
import { DEFAULT_AB_SETTINGS } from './settings.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string) => readFileSync(`${root}${rel}`, 'utf8');

function problemsOf(rel: string) {
  return abInputProblems(read(rel), rel).problems.map((p) => ({
    at: `${p.location.line}:${p.location.column}`,
    field: p.location.field,
    message: p.message,
  }));
}

describe('schemas/ab-input.schema.json', () => {
  test('every example in docs/ab and the valid fixture pass', () => {
    const files = [
      ...readdirSync(`${root}docs/ab`).map((f) => `docs/ab/${f}`),
      'test/fixtures/ab/minimal.json',
    ];
    assert.ok(files.length >= 3);
    for (const f of files) assert.deepEqual(problemsOf(f), [], f);
  });

  test('schema defaults agree with the defaults the analysis uses', () => {
    const props = abInputSchema.properties.settings.properties;
    assert.equal(props.alpha.default, DEFAULT_AB_SETTINGS.alpha);
    assert.equal(props.sided.default, DEFAULT_AB_SETTINGS.sided);
    assert.equal(props.difference.default, DEFAULT_AB_SETTINGS.difference);
    assert.equal(props.method.default, DEFAULT_AB_SETTINGS.method);
    assert.equal(props.sequentialTuning.default, DEFAULT_AB_SETTINGS.sequentialTuning);
    assert.equal(props.correction.default, DEFAULT_AB_SETTINGS.correction);
    assert.equal(props.srmThreshold.default, DEFAULT_AB_SETTINGS.srmThreshold);
    assert.equal(props.prior.properties.variance.default, DEFAULT_AB_SETTINGS.prior.variance);
  });

  test('the schema enums name exactly the registered methods and corrections', () => {
    const props = abInputSchema.properties.settings.properties;
    assert.deepEqual([...props.method.enum].sort(), Object.keys(abMethods).sort());
    assert.deepEqual([...props.correction.enum].sort(), Object.keys(corrections).sort());
  });

  test('an unknown method is located at its value', () => {
    assert.deepEqual(problemsOf('test/fixtures/ab/bad-settings.json'), [
      {
        at: '3:15',
        field: '/settings/method',
        message: 'settings.method: must be one of frequentist, sequential, bayesian (got "magic")',
      },
    ]);
  });

  test('a negative count and a missing sum of squares are both reported, each at its place', () => {
    const p = problemsOf('test/fixtures/ab/wrong-shape.json');
    assert.deepEqual(
      p.map((x) => [x.at, x.field]),
      [
        ['2:86', '/variants/1/users'],
        ['9:9', '/metrics/0/stats/treatment/sumSquares'],
      ],
    );
  });

  test('stats keyed by a misspelt variant: both the missing and the unknown key, with a suggestion', () => {
    const p = problemsOf('test/fixtures/ab/missing-stats.json');
    assert.equal(p.length, 2);
    assert.match(p[1]!.message, /unknown variant "treatmnet" \(did you mean "treatment"\?\)/);
    assert.equal(p[1]!.at, '9:22');
  });

  test('JSON syntax errors name line and column', () => {
    const p = problemsOf('test/fixtures/ab/syntax-error.json.txt');
    assert.equal(p.length, 1);
    assert.equal(p[0]!.at, '4:27');
    assert.match(p[0]!.message, /^JSON syntax error/);
  });

  test('extra properties are rejected (at every level), with a suggestion for near misses', () => {
    const doc = JSON.parse(read('test/fixtures/ab/minimal.json'));
    doc.settings = { alpah: 0.1 };
    doc.metrics[0].stats.control.sumSquare = 3;
    const text = JSON.stringify(doc, null, 2);
    const problems = abInputProblems(text, 'x.json').problems;
    assert.equal(problems.length, 2);
    const messages = problems.map((p) => p.message).join('\n');
    assert.match(messages, /settings: unknown property "alpah" \(did you mean "alpha"\?\)/);
    assert.match(messages, /stats\.control: unknown property "sumSquare"/);
  });

  test('the proportion shape is enforced for proportion metrics, the ratio shape for ratio metrics', () => {
    const doc = JSON.parse(read('test/fixtures/ab/minimal.json'));
    doc.metrics[0].type = 'ratio';
    const problems = abInputProblems(JSON.stringify(doc), 'x.json').problems;
    assert.ok(problems.some((p) => /numerator/.test(p.message)));
    doc.metrics[0].type = 'proportion';
    doc.metrics[0].cuped = true;
    assert.throws(
      () => parseAbInput(JSON.stringify(doc), 'x.json'),
      (e: unknown) => e instanceof ValidationError && /cuped needs "pre"/.test(e.userMessage()),
    );
  });
});
