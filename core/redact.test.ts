import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor, secretNamesInConfig, secretsFromEnv } from './redact.ts';

// A token-shaped fake built at run time, so that no token-like literal is committed.
const FAKE_GH_TOKEN = `ghp_${'abcdefghijklmnopqrstuvwxyz'}012345`;

describe('redaction', () => {
  it('removes every known secret value, whatever its shape, and its encoded forms', () => {
    const env = {
      GITHUB_TOKEN: 'plain-looking-value-1',
      GH_TOKEN: FAKE_GH_TOKEN,
      MY_LLM: 'opaque-llm-key-42',
      PGPASSWORD: 'hunter2hunter2',
      HOME: '/home/ada',
      SHORT_TOKEN: 'none',
    };
    const redact = createRedactor(secretsFromEnv(env, ['MY_LLM']));
    const text = [
      'token plain-looking-value-1',
      `basic ${Buffer.from('x-access-token:plain-looking-value-1').toString('base64')}`,
      'url https://u:hunter2hunter2@db/x',
      `key opaque-llm-key-42 and ${FAKE_GH_TOKEN}`,
      'q=plain-looking-value-1',
      'home /home/ada, none stays',
    ].join('\n');
    const out = redact(text);
    assert.doesNotMatch(out, /plain-looking|hunter2|opaque-llm|ghp_abc|eC1hY2Nlc3/);
    assert.match(out, /home \/home\/ada, none stays/);
  });

  it('removes secret-shaped strings and authorization headers however they are printed', () => {
    const redact = createRedactor([]);
    const out = redact(
      [
        'authorization: token ghs_abcdefghijklmnopqrstuv',
        '{"authorization":"token some-unknown-value"}',
        "headers: { authorization: 'bearer zzzzzzzzzz' }",
        'Authorization: Basic dXNlcjpwYXNz',
        'github_pat_11ABCDEFG0123456789_abcdefghijkl',
        'sk-ant-api03-abcdefghij',
      ].join('\n'),
    );
    assert.doesNotMatch(out, /ghs_abc|some-unknown-value|zzzzzzzzzz|dXNlcjpwYXNz|github_pat_1|sk-ant/);
    assert.equal(out.split('[redacted]').length - 1, 6);
  });

  it('finds the variables evohub.yaml names as secrets', () => {
    const yml = 'providers:\n  llm:\n    apiKeyEnv: MY_LLM\n  local:\n    apiKeyEnv: none\n';
    assert.deepEqual(secretNamesInConfig(yml), ['MY_LLM']);
  });
});
