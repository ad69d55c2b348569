import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../errors.ts';
import { parsePrompt } from './parse.ts';
import { setPromptFields, stringifyPrompt } from './serialize.ts';

const dir = fileURLToPath(new URL('../../test/fixtures/github-models/', import.meta.url));

test('an unedited file prints back byte for byte (every GitHub fixture but the folded one)', () => {
  for (const f of readdirSync(dir).filter((x) => x !== 'sentiment-judge.prompt.yml')) {
    const text = readFileSync(dir + f, 'utf8');
    assert.equal(stringifyPrompt(parsePrompt(text, f)), text, f);
  }
  // A folded (>) block is re-flowed, but its content is the same.
  const folded = readFileSync(`${dir}sentiment-judge.prompt.yml`, 'utf8');
  const p = parsePrompt(folded, 'sentiment-judge.prompt.yml');
  assert.deepEqual(parsePrompt(stringifyPrompt(p), p.file).data, p.data);
});

test('sequence indentation and flow-collection padding follow the source (both styles each)', () => {
  for (const text of [
    'messages:\n- role: user\n  content: hi\n',
    'messages:\n  - role: user\n    content: hi\n',
    'messages: [{role: user, content: hi}]\n',
    'messages: [ { role: user, content: hi } ]\n',
    '---\nmessages:\n  - role: user\n    content: |2\n        indented\n...\n',
  ]) {
    assert.equal(stringifyPrompt(parsePrompt(text, 'a.prompt.yml')), text);
  }
});

const source = `# Ticket triage prompt. Owner: support team.
name: Ticket triage   # free text
model: simulated/ticket-triage
modelParameters:
  temperature: 0.7 # too creative?
  maxTokens: 20

messages:
  # The instruction evolution rewrites.
  - role: system
    content: |
      Classify the ticket.
  - role: user
    content: '{{ticket}}'
testData: ../datasets/ticket-triage.jsonl
evaluators:
  - name: label
    string:
      equals: '{{expected}}'
`;

test('edits keep comments, blank lines, key order and quoting of what they do not touch', () => {
  const p = parsePrompt(source, 'prompts/ticket-triage.prompt.yml');
  const edited = setPromptFields(p, {
    modelParameters: { temperature: 0.2, maxTokens: 20 },
    messages: [
      {
        role: 'system',
        content:
          'Classify the ticket as billing, bug, feature_request, account or other.\nAnswer with the label only.\n',
      },
      { role: 'user', content: '{{ticket}}' },
    ],
    version: 2,
    lineage: { parents: ['abc123'], operator: 'rewrite', generation: 1 },
  });
  const out = stringifyPrompt(edited);
  assert.equal(
    out,
    `# Ticket triage prompt. Owner: support team.
name: Ticket triage # free text
model: simulated/ticket-triage
modelParameters:
  temperature: 0.2 # too creative?
  maxTokens: 20

messages:
  # The instruction evolution rewrites.
  - role: system
    content: |
      Classify the ticket as billing, bug, feature_request, account or other.
      Answer with the label only.
  - role: user
    content: '{{ticket}}'
testData: ../datasets/ticket-triage.jsonl
evaluators:
  - name: label
    string:
      equals: '{{expected}}'
version: 2
lineage:
  parents:
    - abc123
  operator: rewrite
  generation: 1
`,
  );
  assert.equal(edited.data.version, 2);
  assert.equal(edited.data.messages[0]?.content.startsWith('Classify the ticket as billing'), true);
  // The original is untouched (edits work on a copy) and the result parses back to the same data.
  assert.equal(
    stringifyPrompt(p),
    source.replace('Ticket triage   # free text', 'Ticket triage # free text'),
  );
  assert.deepEqual(parsePrompt(out, p.file).data, edited.data);
});

test('undefined removes a field; removed nested keys go; added list items are appended', () => {
  const p = parsePrompt(source, 'prompts/t.prompt.yml');
  const edited = setPromptFields(p, {
    modelParameters: { temperature: 0.7 },
    testData: undefined,
    messages: [...p.data.messages, { role: 'assistant', content: 'billing' }],
  });
  const out = stringifyPrompt(edited);
  assert.ok(!out.includes('maxTokens'));
  assert.ok(!out.includes('testData'));
  assert.ok(out.includes('  temperature: 0.7 # too creative?\n'));
  assert.ok(out.includes("    content: '{{ticket}}'\n  - role: assistant\n    content: billing\n"));
});

test('an edit that would make the file invalid throws and names the field', () => {
  const p = parsePrompt(source, 'prompts/t.prompt.yml');
  assert.throws(
    () => setPromptFields(p, { modelParameters: { temperature: 5 } }),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.problems[0]?.location.field === '/modelParameters/temperature' &&
      e.problems[0]?.location.file === 'prompts/t.prompt.yml',
  );
  assert.throws(() => setPromptFields(p, { messages: [] }), ValidationError);
});
