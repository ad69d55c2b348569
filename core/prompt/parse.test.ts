import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../errors.ts';
import { isPromptFileName, promptNameFromPath } from './name.ts';
import { jsonSchemaObject, parsePrompt } from './parse.ts';

const fixture = (f: string) =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/github-models/${f}`, import.meta.url)), 'utf8');

function problemsOf(text: string, file = 'prompts/x.prompt.yml'): string[] {
  try {
    parsePrompt(text, file);
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    return e.userMessage().split('\n');
  }
  assert.fail('expected a ValidationError');
}

test('the prompt name is the file stem, not the free-text name field', () => {
  const p = parsePrompt(fixture('text-summarizer.prompt.yml'), 'prompts/text-summarizer.prompt.yml');
  assert.equal(p.name, 'text-summarizer');
  assert.equal(p.data.name, 'Text Summarizer');
  assert.equal(p.file, 'prompts/text-summarizer.prompt.yml');
  assert.equal(promptNameFromPath('prompts/ticket-triage.prompt.yml'), 'ticket-triage');
  assert.equal(promptNameFromPath('a/b/summ.prompt.yaml'), 'summ');
  assert.equal(promptNameFromPath('C:\\repo\\x.prompt.yml'), 'x');
  assert.equal(promptNameFromPath('sample_prompt.yml'), 'sample_prompt');
  assert.equal(isPromptFileName('dir/a.prompt.yml'), true);
  assert.equal(isPromptFileName('dir/a.prompt.yaml'), true);
  assert.equal(isPromptFileName('dir/.prompt.yml'), false);
  assert.equal(isPromptFileName('dir/a.yml'), false);
});

test('GitHub json_schema prompt: jsonSchema stays the JSON string GitHub stores, and parses as an object', () => {
  const p = parsePrompt(fixture('describe-animal.prompt.yml'), 'describe-animal.prompt.yml');
  assert.equal(typeof p.data.jsonSchema, 'string');
  const schema = jsonSchemaObject(p.data);
  assert.equal(schema?.name, 'describe_animal');
  assert.deepEqual((schema?.schema as { required?: string[] } | undefined)?.required, ['name', 'habitat']);
  assert.deepEqual(p.data.modelParameters, { maxTokens: 300, temperature: 0.2, topP: 0.9 });
});

test('every problem in a multi-line file is reported at once, at its node', () => {
  const text = [
    'name: Triage', // 1
    'model: openai/gpt-4o-mini', // 2
    'modelParameters:', // 3
    '  temperature: 3', // 4
    'messages:', // 5
    '  - role: system', // 6
    '    content: |', // 7
    '      Classify the ticket.', // 8
    '      Answer with one label.', // 9
    '  - role: usr', // 10
    '    content: "{{ticket}}"', // 11
    'evaluators:', // 12
    '  - name: label', // 13
    '    string:', // 14
    '      equal: "{{expected}}"', // 15
    'version: 0', // 16
    '',
  ].join('\n');
  assert.deepEqual(problemsOf(text), [
    'prompts/x.prompt.yml:4:16: modelParameters.temperature: must be <= 2',
    'prompts/x.prompt.yml:10:11: messages[1].role: must be one of system, user, assistant, developer (got "usr") (did you mean "user"?)',
    'prompts/x.prompt.yml:15:7: evaluators[0].string: unknown property "equal" (did you mean "equals"?)',
    'prompts/x.prompt.yml:16:10: version: must be >= 1',
  ]);
});

test('malformed YAML: every syntax error, located, and no schema noise', () => {
  const text = ['messages:', '  - role: user', '    content: [unclosed', 'name: : x', ''].join('\n');
  const lines = problemsOf(text);
  assert.ok(lines.length >= 1);
  for (const l of lines) assert.match(l, /^prompts\/x\.prompt\.yml:\d+:\d+: YAML syntax error: /);
  assert.ok(!lines.some((l) => l.includes('missing required')));

  assert.deepEqual(problemsOf('a: 1\na: 2\nmessages: []\n'), [
    'prompts/x.prompt.yml:2:1: YAML syntax error: Map keys must be unique',
  ]);
  assert.deepEqual(problemsOf('messages:\n\t- role: user\n').length, 1);
});

test('an empty file or a non-mapping is a located problem, not a crash', () => {
  assert.deepEqual(problemsOf(''), [
    'prompts/x.prompt.yml:1:1: a prompt file must be a YAML mapping (key: value pairs) with at least `messages`',
  ]);
  assert.deepEqual(problemsOf('# only a comment\n- a\n- b\n'), [
    'prompts/x.prompt.yml:2:1: a prompt file must be a YAML mapping (key: value pairs) with at least `messages`',
  ]);
});

test('a jsonSchema string that is not JSON is located at the jsonSchema node', () => {
  const text = [
    'responseFormat: json_schema',
    'jsonSchema: |-',
    '  {"name": "x", "schema": {,}}',
    'messages:',
    '  - {role: user, content: hi}',
    '',
  ].join('\n');
  const [line, ...rest] = problemsOf(text);
  assert.equal(rest.length, 0);
  assert.match(line ?? '', /^prompts\/x\.prompt\.yml:2:13: jsonSchema: not valid JSON/);
});

test('anchors and aliases resolve; values keep their YAML types', () => {
  const text = [
    'x-shared: &sys You are terse.',
    'messages:',
    '  - role: system',
    '    content: *sys',
    '',
  ].join('\n');
  // x-shared is not a known property: aliases do not make unknown keys acceptable.
  assert.match(problemsOf(text)[0] ?? '', /1:1: unknown property "x-shared"/);
  const ok = parsePrompt(
    'messages:\n  - &m {role: user, content: hi}\n  - *m\nmodelParameters: {temperature: 1.0}\n',
    'a.prompt.yml',
  );
  assert.equal(ok.data.messages[1]?.content, 'hi');
  assert.equal(ok.data.modelParameters?.temperature, 1);
});
