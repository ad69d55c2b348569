import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normaliseInstruction, normalisePrompt } from './normalise.ts';

describe('instruction normalisation', () => {
  test('a sentence never appears twice (case, spacing and final punctuation aside); lines stay lines', () => {
    const text =
      'Classify the ticket.  Respond with only the label.\n\nrespond with only the label\nUse {{ticket}}.   Classify the ticket!';
    assert.equal(
      normaliseInstruction(text),
      'Classify the ticket. Respond with only the label.\nUse {{ticket}}.',
    );
  });
  test('a prompt genome: only mutable messages change; unchanged genomes are returned as they are', () => {
    const g = {
      messages: [
        { role: 'system', content: 'Be brief. Be brief.' },
        { role: 'user', content: '{{x}} {{x}}. {{x}} {{x}}.' },
      ],
      fewShot: [],
      parameters: {},
    };
    const n = normalisePrompt(g, ['system']);
    assert.equal(n.messages[0]?.content, 'Be brief.');
    assert.equal(n.messages[1]?.content, '{{x}} {{x}}. {{x}} {{x}}.');
    assert.equal(normalisePrompt(n, ['system']), n);
  });
});
