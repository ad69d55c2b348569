import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../errors.ts';
import { parseDataset, rowSource } from './dataset.ts';
import { parsePrompt } from './parse.ts';
import { checkTemplateVariables } from './validate-vars.ts';

const text = [
  'messages:', // 1
  '  - role: system', // 2
  '    content: Classify support tickets.', // 3
  '  - role: user', // 4
  '    content: |', // 5
  '      Ticket: {{ ticket }}', // 6
  '      Plan: {{account.plan}}', // 7
  'evaluators:', // 8
  '  - name: label', // 9
  '    string:', // 10
  "      equals: '{{expected}}'", // 11
  '  - name: judge', // 12
  '    llm:', // 13
  '      modelId: openai/gpt-4o', // 14
  '      prompt: "{{completion}} vs {{expected}}"', // 15
  '      choices: [{choice: ok, score: 1}]', // 16
  '',
].join('\n');

test('every {{var}} in messages and string evaluators must be in every row', () => {
  const p = parsePrompt(text, 'prompts/t.prompt.yml');
  const rows = parseDataset(
    [
      '{"ticket":"a","account":{"plan":"pro"},"expected":"bug"}',
      '{"ticket":"b","account":{},"expected":"bug"}',
      '{"tickt":"c","account":{"plan":"free"}}',
      '{"tickt":"d","account":{"plan":"free"},"expected":null}',
    ].join('\n'),
    'datasets/t.jsonl',
    'jsonl',
  );
  assert.deepEqual(rowSource(rows[2]!), { file: 'datasets/t.jsonl', line: 3 });
  assert.deepEqual(checkTemplateVariables(p, rows).map(formatProblem), [
    'prompts/t.prompt.yml:5:14: messages[1].content: unknown template variable {{ticket}}: row 3 (datasets/t.jsonl:3) and 1 more of 4 rows have no "ticket" (available: tickt, account)',
    'prompts/t.prompt.yml:5:14: messages[1].content: unknown template variable {{account.plan}}: row 2 (datasets/t.jsonl:2) has no "account.plan" (available: ticket, account, expected)',
    'prompts/t.prompt.yml:11:15: evaluators[0].string.equals: unknown template variable {{expected}}: row 3 (datasets/t.jsonl:3) and 1 more of 4 rows have no "expected" (available: tickt, account)',
  ]);
});

test('complete rows, or no rows at all, give no problems; llm judge prompts are not checked', () => {
  const p = parsePrompt(text, 'prompts/t.prompt.yml');
  assert.deepEqual(checkTemplateVariables(p, []), []);
  assert.deepEqual(
    checkTemplateVariables(p, [{ ticket: 't', account: { plan: 'x' }, expected: 'y', extra: 1 }]),
    [],
  );
});

test('rows without a known source are named by number', () => {
  const p = parsePrompt('messages:\n  - {role: user, content: "{{q}}"}\n', 'p.prompt.yml');
  const [problem] = checkTemplateVariables(p, [{ q: 1 }, { r: 2 }]);
  assert.equal(
    problem?.message,
    'messages[0].content: unknown template variable {{q}}: row 2 has no "q" (available: r)',
  );
});
