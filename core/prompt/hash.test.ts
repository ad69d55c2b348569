import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, promptContentHash } from './hash.ts';
import { parsePrompt } from './parse.ts';
import { setPromptFields } from './serialize.ts';

const hashOf = (text: string) => promptContentHash(parsePrompt(text, 'x.prompt.yml').data);

const a = `name: Summarizer
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.5
  maxTokens: 100
messages:
  - role: system
    content: Summarize.
  - role: user
    content: "{{input}}"
jsonSchema: '{"name": "s", "schema": {"type": "object"}}'
`;

// Same content: other key order, comments, flow style, quoting, number spelling, JSON whitespace.
const b = `# reformatted
messages: [{content: Summarize., role: system}, {role: user, content: '{{input}}'}]
jsonSchema: |
  {
    "schema": { "type": "object" },
    "name": "s"
  }
modelParameters: {maxTokens: 1.0e2, temperature: 0.50}   # same numbers
model: "openai/gpt-4o-mini"
name: 'Summarizer'
`;

test('the hash is sha256 hex and ignores key order, comments, quoting and layout', () => {
  assert.match(hashOf(a), /^[0-9a-f]{64}$/);
  assert.equal(hashOf(a), hashOf(b));
});

test('the hash changes when content changes', () => {
  const base = hashOf(a);
  assert.notEqual(hashOf(a.replace('Summarize.', 'Summarize briefly.')), base);
  assert.notEqual(hashOf(a.replace('temperature: 0.5', 'temperature: 0.6')), base);
  assert.notEqual(hashOf(a.replace('role: system', 'role: developer')), base);
  assert.notEqual(hashOf(a.replace('"type": "object"', '"type": "array"')), base);
  // Message order is content.
  assert.notEqual(
    hashOf('messages:\n  - {role: user, content: a}\n  - {role: user, content: b}\n'),
    hashOf('messages:\n  - {role: user, content: b}\n  - {role: user, content: a}\n'),
  );
});

test('version and lineage do not change the hash (history, not behaviour)', () => {
  const p = parsePrompt(a, 'x.prompt.yml');
  const q = setPromptFields(p, { version: 7, lineage: { parents: ['p1'], runId: 'r', generation: 3 } });
  assert.equal(promptContentHash(q.data), promptContentHash(p.data));
});

test('canonical JSON sorts keys, drops undefined, normalises -0', () => {
  assert.equal(canonicalJson({ b: 1, a: [1, { d: undefined, c: -0 }] }), '{"a":[1,{"c":0}],"b":1}');
  assert.equal(canonicalJson('x'), '"x"');
  assert.throws(() => canonicalJson(Number.NaN), TypeError);
});
