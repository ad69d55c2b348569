import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseEvohubConfig } from '../config/parse.ts';
import { ConfigError, ValidationError } from '../errors.ts';
import { compilePii, luhnValid, redactText, redactValue } from './pii.ts';

const all = compilePii(undefined);

/** A Luhn-valid card number of `len` digits from a random prefix. */
function withCheckDigit(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${prefix}${d}`)) return `${prefix}${d}`;
  throw new Error('unreachable');
}

test('named detectors redact e-mail, phone and card numbers and leave ordinary text alone', () => {
  const text =
    'Ada (ada.lovelace+billing@example.co.uk) paid with 4111 1111 1111 1111, call +44 20 7946 0958 or 555-123-4567. Order 12345 shipped.';
  const out = redactText(text, all);
  assert.equal(out, 'Ada ([EMAIL]) paid with [CARD], call [PHONE] or [PHONE]. Order 12345 shipped.');
});

test('a card-like number failing Luhn is not a card', () => {
  assert.ok(!luhnValid('4111 1111 1111 1112'));
  assert.ok(!redactText('ref 4111 1111 1111 1112', compilePii({ detectors: ['card'] })).includes('[CARD]'));
});

test('property: any Luhn-valid 13–19 digit number is redacted, with spaces or dashes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }),
      fc.constantFrom('', ' ', '-'),
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', ',') }),
      (digits, sep, context) => {
        const card = withCheckDigit(`4${digits.slice(1).join('')}`);
        const formatted = card.match(/.{1,4}/g)?.join(sep) ?? card;
        const out = redactText(`${context} ${formatted} ${context}`, compilePii({ detectors: ['card'] }));
        assert.ok(!out.includes(card.slice(-8)), out);
        assert.ok(out.includes('[CARD]'));
      },
    ),
  );
});

test('property: any e-mail address is redacted', () => {
  fc.assert(
    fc.property(fc.emailAddress(), fc.string({ unit: fc.constantFrom('x', ' ', ':') }), (email, ctx) => {
      const out = redactText(`${ctx} <${email}> ${ctx}`, compilePii({ detectors: ['email'] }));
      assert.ok(!out.includes(email), out);
    }),
  );
});

test('property: the e-mail rule matches exactly what the earlier, quadratic rule matched', () => {
  // The rule before the start-of-run lookbehind: the reference for what counts as an address.
  const before = /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
  const email = compilePii({ detectors: ['email'] });
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(fc.emailAddress(), fc.string({ unit: fc.constantFrom('a', '1', '.', '@', ' ', '-', 'é') })),
      ),
      (parts) => {
        const text = parts.join(' ');
        assert.equal(redactText(text, email), text.replace(before, '[EMAIL]'));
      },
    ),
  );
});

test('long inputs without an address redact in linear time (a hostile input must not stall the app)', {
  // A guard, not a measurement: the quadratic rule took about 26 s for 100,000 letters, hours for these.
  timeout: 60_000,
}, () => {
  for (const unit of ['y', '1', 'a.', 'x-1']) {
    const text = unit.repeat(1_000_000 / unit.length);
    assert.equal(redactText(text, all), text);
  }
  assert.equal(redactText(`${'y'.repeat(500_000)}@example.com`, all), '[EMAIL]');
});

test('property: redaction is idempotent and never lengthens a text without PII', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const once = redactText(s, all);
      assert.equal(redactText(once, all), once);
    }),
  );
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', 'é') }), (s) => {
      assert.equal(redactText(s, all), s);
    }),
  );
});

test('patterns from evohub.yaml apply inside nested variables; keys are kept', () => {
  const pii = compilePii({ detectors: [], patterns: [{ name: 'ticket', regex: 'TCK-\\d{6}' }] });
  assert.deepEqual(redactValue({ input: 'see TCK-123456', meta: ['TCK-654321', 3] }, pii), {
    input: 'see [REDACTED:ticket]',
    meta: ['[REDACTED:ticket]', 3],
  });
});

test('bad rules are errors naming the file and field', () => {
  assert.throws(
    () => compilePii({ detectors: ['ssn'] }, 'evohub.yaml'),
    (e: unknown) => e instanceof ConfigError && e.userMessage().includes('/pii/detectors'),
  );
  assert.throws(
    () => parseEvohubConfig('pii:\n  patterns:\n    - name: x\n      regex: "a("\n', 'evohub.yaml'),
    (e: unknown) =>
      e instanceof ValidationError &&
      /evohub\.yaml:4:\d+: pii\.patterns\[0\]\.regex \(x\) is not a valid/.test(e.userMessage()),
  );
  assert.throws(
    () => parseEvohubConfig('pii:\n  detectors: [email, ssn]\n', 'evohub.yaml'),
    (e: unknown) => e instanceof ValidationError && /evohub\.yaml:2:/.test(e.userMessage()),
  );
  assert.throws(
    () => parseEvohubConfig('feedback:\n  from: kafka\n', 'evohub.yaml'),
    (e: unknown) =>
      e instanceof ValidationError && /evohub\.yaml:2:.*file, prometheus, postgres/.test(e.userMessage()),
  );
  assert.throws(
    () => parseEvohubConfig('feedback:\n  postgres: postgres://u:secret@db/x\n', 'evohub.yaml'),
    (e: unknown) =>
      e instanceof ValidationError &&
      !e.userMessage().includes('secret') &&
      /PGPASSWORD/.test(e.userMessage()),
  );
});
