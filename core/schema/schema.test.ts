import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { formatLocation, ValidationError } from '../errors.ts';
import { parsePrompt } from '../prompt/parse.ts';
import { checkYaml, evaluatorForms, schemas } from './index.ts';
import { didYouMean, editDistance } from './suggest.ts';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
}

test('every schema is valid JSON Schema 2020-12 (run-time validation skips this check for speed)', () => {
  const meta = new Ajv2020({ strict: false });
  for (const [kind, schema] of Object.entries(schemas)) {
    assert.equal(meta.validateSchema(schema), true, `${kind}: ${meta.errorsText(meta.errors)}`);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  }
});

test('the fixture folders are not empty', () => {
  assert.ok(files('github-models').length >= 5);
  assert.ok(files('invalid').length >= 7);
});

for (const f of files('github-models')) {
  test(`GitHub Models file ${f} loads and validates unchanged`, () => {
    const text = readFileSync(join(fixtures, 'github-models', f), 'utf8');
    const p = parsePrompt(text, f);
    assert.ok(p.data.messages.length > 0);
    assert.equal(checkYaml('prompt', text, f).problems.length, 0);
  });
}

/**
 * Each invalid fixture lists the exact problems it must produce in `# expect: line:col message-prefix` comments:
 * the set of reported locations must match, and each message must start with the expected text.
 */
for (const f of files('invalid')) {
  test(`invalid fixture ${f} reports exactly its expected located problems`, () => {
    const text = readFileSync(join(fixtures, 'invalid', f), 'utf8');
    const expected = [...text.matchAll(/^# expect: (\d+:\d+) (.+)$/gm)].map((m) => ({
      at: m[1],
      message: m[2] ?? '',
    }));
    assert.ok(expected.length > 0, 'fixture declares its expected problems');
    assert.throws(
      () => parsePrompt(text, f),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        const got = e.problems.map((p) => ({
          at: `${p.location.line}:${p.location.column}`,
          message: p.message,
        }));
        assert.deepEqual(
          got.map((g) => g.at),
          expected.map((x) => x.at),
          `locations: ${JSON.stringify(got, null, 1)}`,
        );
        got.forEach((g, i) => {
          assert.ok(
            g.message.startsWith(expected[i]!.message),
            `${g.message}\n  should start with\n${expected[i]!.message}`,
          );
        });
        for (const p of e.problems) assert.equal(p.location.file, f);
        // The CLI line: every problem at once, each `file:line:col: message`.
        assert.equal(e.userMessage().split('\n').length, expected.length);
        assert.ok(e.userMessage().startsWith(`${formatLocation(e.problems[0]!.location)}: `));
        return true;
      },
    );
  });
}

test('an extra top-level property is rejected wherever it appears, with a hint for typos', () => {
  const base = 'messages:\n  - role: user\n    content: hi\n';
  const r = checkYaml('prompt', `${base}temperature: 0.2\nfoo: 1\n`, 'x.prompt.yml');
  assert.deepEqual(
    r.problems.map((p) => [p.location.line, p.location.column, p.location.field, p.message]),
    [
      [
        4,
        1,
        '/temperature',
        'unknown property "temperature" (it belongs under modelParameters: "modelParameters.temperature")',
      ],
      [5, 1, '/foo', `unknown property "foo" (allowed: ${topLevel().join(', ')})`],
    ],
  );
});

function topLevel(): string[] {
  return [
    'name',
    'description',
    'model',
    'modelParameters',
    'responseFormat',
    'jsonSchema',
    'messages',
    'testData',
    'evaluators',
    'version',
    'objectives',
    'evolution',
    'lineage',
  ];
}

test('each required field, when missing, is reported at its parent with the field path', () => {
  const cases: [string, string, string][] = [
    ['name: x\n', '/messages', '1:1'],
    ['messages:\n  - content: hi\n', '/messages/0/role', '2:5'],
    ['messages:\n  - role: user\n', '/messages/0/content', '2:5'],
    [
      'messages: [{role: user, content: c}]\nevaluators:\n  - uses: github/fluency\n',
      '/evaluators/0/name',
      '3:5',
    ],
    [
      'messages: [{role: user, content: c}]\nevaluators:\n  - name: j\n    llm:\n      prompt: p\n      choices: [{choice: a, score: 1}]\n',
      '/evaluators/0/llm/modelId',
      '4:5',
    ],
    [
      'messages: [{role: user, content: c}]\nevaluators:\n  - name: j\n    llm: {modelId: m, prompt: p, choices: [{choice: a}]}\n',
      '/evaluators/0/llm/choices/0/score',
      '4:44',
    ],
    [
      'messages: [{role: user, content: c}]\nobjectives:\n  - goal: maximize\n',
      '/objectives/0/metric',
      '3:5',
    ],
    ['messages: [{role: user, content: c}]\nobjectives:\n  - metric: acc\n', '/objectives/0/goal', '3:5'],
  ];
  for (const [text, field, at] of cases) {
    const r = checkYaml('prompt', text, 'x.yml');
    assert.equal(r.problems.length, 1, `${field}: ${JSON.stringify(r.problems)}`);
    const p = r.problems[0]!;
    assert.equal(p.location.field, field);
    assert.equal(`${p.location.line}:${p.location.column}`, at, field);
    assert.match(p.message, /missing required property/);
  }
});

test('dataset rows, evohub.yaml and environment files have their own schemas', () => {
  assert.equal(checkYaml('datasetRow', 'input: a\nexpected: b\n', 'r.yml').problems.length, 0);
  assert.match(
    checkYaml('datasetRow', '- a\n', 'r.yml').problems[0]!.message,
    /must be an object of variables/,
  );

  const config = checkYaml(
    'config',
    [
      'providers:',
      '  local:',
      '    type: openai',
      '    baseUrl: http://127.0.0.1:11434/v1',
      '    apiKeyEnv: none',
      '    requestsPerMinute: 600',
      '  openai:',
      '    apiKeyEnv: OPENAI_API_KEY',
      'defaults: { model: openai/gpt-4o-mini }',
      'cache: { dir: .evohub/cache, enabled: true }',
      'budget: { maxEvaluations: 1000, maxUsd: 5 }',
      'github: { labels: [evohub], reviewers: [alice], baseBranch: main }',
      'evolution: { algorithm: nsga2, population: 8 }',
      '',
    ].join('\n'),
    'evohub.yaml',
  );
  assert.deepEqual(config.problems, []);

  const env = checkYaml(
    'environment',
    'prompts:\n  ticket-triage: 3\n  summarizer: v1.2\n',
    'production.yaml',
  );
  assert.deepEqual(env.problems, []);
  const badEnv = checkYaml('environment', 'prompts:\n  ticket-triage: 0\n  x: [1]\n', 'production.yaml');
  assert.deepEqual(
    badEnv.problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`),
    [
      '2:18 prompts.ticket-triage: must be >= 1',
      '3:6 prompts.x: a pin must be a version number or a commit-ish string',
    ],
  );
});

test('evohub.yaml: an API key in the file or in apiKeyEnv is rejected without echoing it', () => {
  const secret = 'sk-live-0123456789abcdef';
  const r = checkYaml(
    'config',
    `providers:\n  openai:\n    apiKeyEnv: ${secret}\n    apiKey: ${secret}\n    timeotMs: 5\n`,
    'evohub.yaml',
  );
  assert.deepEqual(
    r.problems.map((p) => `${p.location.line}:${p.location.column} ${p.location.field}`),
    ['3:16 /providers/openai/apiKeyEnv', '4:13 /providers/openai/apiKey', '5:5 /providers/openai/timeotMs'],
  );
  assert.match(r.problems[0]!.message, /NAME of an environment variable/);
  assert.match(r.problems[1]!.message, /do not put API keys in evohub.yaml/);
  assert.match(r.problems[2]!.message, /did you mean "timeoutMs"/);
  for (const p of r.problems) assert.ok(!p.message.includes(secret), p.message);
});

test('evaluator forms come from the schema: GitHub forms plus evohub scorers', () => {
  const forms = evaluatorForms();
  for (const f of ['string', 'llm', 'uses', 'regex', 'jsonSchema', 'numeric', 'f1', 'exact', 'safety']) {
    assert.ok(forms.includes(f), f);
  }
  assert.ok(!forms.includes('name'));
  assert.ok(!forms.includes('description'));
  const ok = checkYaml(
    'prompt',
    'messages: [{role: user, content: c}]\nevaluators:\n  - name: r\n    description: answer is ok\n    regex: { pattern: "^ok$", flags: i }\n',
    'x.yml',
  );
  assert.deepEqual(ok.problems, []);
});

test('did-you-mean suggestions', () => {
  assert.equal(editDistance('temprature', 'temperature'), 1);
  assert.equal(editDistance('teh', 'the'), 1);
  assert.equal(didYouMean('temprature', ['temperature', 'topP']), 'temperature');
  assert.equal(didYouMean('Model', ['model', 'messages']), 'model');
  assert.equal(didYouMean('zzzzzz', ['model', 'messages']), undefined);
});
