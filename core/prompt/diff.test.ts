import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffPrompts, formatPromptDiff } from './diff.ts';
import { diffLines, formatLineDiff } from './line-diff.ts';
import type { PromptFile } from './types.ts';

test('diffLines keeps common lines and orders removals before additions', () => {
  assert.deepEqual(diffLines('a\nb\nc', 'a\nB\nc\nd'), [
    { op: ' ', text: 'a' },
    { op: '-', text: 'b' },
    { op: '+', text: 'B' },
    { op: ' ', text: 'c' },
    { op: '+', text: 'd' },
  ]);
});

test('formatLineDiff shows two lines of context and marks skipped runs', () => {
  const a = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n');
  const b = a.replace('7', 'seven');
  assert.deepEqual(formatLineDiff(diffLines(a, b), 2, ''), ['…', '  5', '  6', '- 7', '+ seven', '  8']);
});

test('diffPrompts reports fields, parameters, role changes, added and removed messages', () => {
  const a: PromptFile = {
    model: 'openai/gpt-4o-mini',
    modelParameters: { temperature: 0.2, maxTokens: 10 },
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '{{x}}' },
      { role: 'assistant', content: 'ok' },
    ],
  };
  const b: PromptFile = {
    model: 'openai/gpt-4o',
    modelParameters: { temperature: 0.2, topP: 0.9 },
    description: 'new',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: '{{x}}' },
    ],
  };
  const d = diffPrompts(a, b);
  assert.deepEqual(d.fields, [
    { field: 'model', before: 'openai/gpt-4o-mini', after: 'openai/gpt-4o' },
    { field: 'modelParameters.maxTokens', before: 10, after: undefined },
    { field: 'modelParameters.topP', before: undefined, after: 0.9 },
    { field: 'description', before: undefined, after: 'new' },
  ]);
  assert.equal(
    formatPromptDiff(d, 'A', 'B'),
    [
      '--- A',
      '+++ B',
      'model: "openai/gpt-4o-mini" → "openai/gpt-4o"',
      'modelParameters.maxTokens: 10 → (unset)',
      'modelParameters.topP: (unset) → 0.9',
      'description: (unset) → "new"',
      'messages[0] (role system → developer): changed',
      'messages[2] (assistant): removed',
      '    - ok',
      '',
    ].join('\n'),
  );
});
