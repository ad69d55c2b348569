import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../core/errors.ts';
import { createProvider, listProviders, providerConfigFor } from './registry.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

test('unknown prefix: the error lists the known ones', async () => {
  await assert.rejects(createProvider('nope/model', { env: {}, baseDir: '/' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /unknown provider "nope"/);
    assert.match(e.hint ?? '', /openai, anthropic, simulated, file:/);
    return true;
  });
  await assert.rejects(createProvider('gpt-4o', { env: {}, baseDir: '/' }), /invalid provider reference/);
});

test('a missing key names the variable, at creation, and never a value', async () => {
  await assert.rejects(createProvider('openai/gpt-4o-mini', { env: {}, baseDir: '/' }), (e: ConfigError) => {
    assert.match(e.message, /OPENAI_API_KEY is not set/);
    return true;
  });
  await assert.rejects(
    createProvider('anthropic/claude-haiku-4-5', { env: { ANTHROPIC_API_KEY: ' ' }, baseDir: '/' }),
    /ANTHROPIC_API_KEY/,
  );
  await assert.rejects(
    createProvider('openai/gpt-4o-mini', {
      providers: { openai: { apiKeyEnv: 'MY_KEY' } },
      env: { OPENAI_API_KEY: 'sk-wrong-variable-123456' },
      baseDir: '/',
    }),
    (e: ConfigError) => {
      assert.match(e.message, /MY_KEY/);
      assert.ok(!e.userMessage().includes('sk-wrong'));
      return true;
    },
  );
  const p = await createProvider('openai/gpt-4o-mini', { env: { OPENAI_API_KEY: 'sk-x' }, baseDir: '/' });
  assert.equal(p.id, 'openai/gpt-4o-mini');
});

test('declared prefixes: type openai with baseUrl, keyless by default; bad type is a located error', async () => {
  const providers = {
    ollama: { type: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' },
    vllm: { type: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY' },
    weird: { type: 'grpc' },
    nourl: { type: 'openai' },
  };
  const p = await createProvider('ollama/llama3.2', { providers, env: {}, baseDir: '/' });
  assert.equal(p.id, 'ollama/llama3.2');
  assert.equal(p.simulated, false);
  await assert.rejects(createProvider('vllm/qwen', { providers, env: {}, baseDir: '/' }), /VLLM_KEY/);
  await assert.rejects(createProvider('weird/x', { providers, env: {}, baseDir: '/' }), (e: ConfigError) => {
    assert.match(e.message, /unknown type "grpc"/);
    assert.equal(e.location?.field, '/providers/weird/type');
    return true;
  });
  await assert.rejects(
    createProvider('nourl/x', { providers, env: {}, baseDir: '/' }),
    /type openai but no baseUrl/,
  );
  assert.ok(listProviders(providers).some((x) => x.prefix === 'ollama'));
  assert.equal(providerConfigFor('ollama/llama3.2', providers), providers.ollama);
  assert.deepEqual(providerConfigFor('file:./x.ts#m', providers), {});
  assert.deepEqual(providerConfigFor('openai/gpt-4o', providers), {});
});

test('simulated tasks: unknown task lists the known ones; responses are labelled', async () => {
  await assert.rejects(createProvider('simulated/poetry', { env: {}, baseDir: '/' }), (e: ConfigError) => {
    assert.match(e.hint ?? '', /simulated\/ticket-triage, simulated\/invoice-extract/);
    return true;
  });
  const p = await createProvider('simulated/ticket-triage', { env: {}, baseDir: '/' });
  assert.equal(p.simulated, true);
  const r = await p.complete({
    model: 'ticket-triage',
    messages: [{ role: 'user', content: 'I need a refund' }],
    parameters: {},
  });
  assert.equal(r.simulated, true);
  assert.match(listProviders().find((x) => x.prefix === 'simulated')!.description, /simulator, NOT a model/);
});

const EXAMPLE = 'evaluator/providers/examples/custom-provider.ts';
const allowed = { file: { allow: [EXAMPLE, 'evaluator/pricing/pricing.ts'] } };

test('file: loads the documented example provider (factory form, with #model)', async () => {
  const p = await createProvider('file:./evaluator/providers/examples/custom-provider.ts#reverse', {
    env: {},
    baseDir: repoRoot,
    providers: allowed,
  });
  assert.equal(p.id, 'example/reverse');
  const r = await p.complete({ model: '', messages: [{ role: 'user', content: 'abc' }], parameters: {} });
  assert.equal(r.text, 'cba');
  assert.equal(r.simulated, false);
  assert.equal(r.usage.outputTokens, 1);
  assert.ok(r.latencyMs >= 0);
  const shout = await createProvider('file:./evaluator/providers/examples/custom-provider.ts', {
    env: {},
    baseDir: repoRoot,
    providers: allowed,
  });
  assert.equal(
    (await shout.complete({ model: '', messages: [{ role: 'user', content: 'hey' }], parameters: {} })).text,
    'HEY',
  );
});

test('file: a missing module or a module without complete() is a clear error', async () => {
  await assert.rejects(
    createProvider('file:./no/such-provider.ts', { env: {}, baseDir: repoRoot }),
    /custom provider module not found/,
  );
  await assert.rejects(
    createProvider('file:./evaluator/pricing/pricing.ts', { env: {}, baseDir: repoRoot, providers: allowed }),
    /must default-export \{ complete\(request\) \}/,
  );
});

test('file: only modules inside the repository that providers.file.allow lists may load', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'evohub-evil-'));
  const marker = join(outside, 'ran');
  const evil = join(outside, 'evil.ts');
  writeFileSync(
    evil,
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nexport default { complete: () => ({ text: 'pwned' }) };\n`,
  );
  const repo = mkdtempSync(join(tmpdir(), 'evohub-repo-'));
  mkdirSync(join(repo, 'sub'));
  symlinkSync(evil, join(repo, 'sub/link.ts'));
  writeFileSync(join(repo, 'mine.ts'), 'export default { complete: () => ({ text: "ok" }) };\n');
  try {
    const opts = {
      env: {},
      baseDir: join(repo, 'sub'),
      providers: { file: { allow: [evil, '../evil.ts', 'link.ts'] } },
    };
    for (const ref of [`file:${evil}`, `file:${join(repo, 'sub/link.ts')}`, 'file:./link.ts']) {
      await assert.rejects(createProvider(ref, opts), /outside the repository/, ref);
    }
    // Inside the repository but not listed: refused, naming where to list it.
    await assert.rejects(createProvider('file:./mine.ts', { env: {}, baseDir: repo }), (e: unknown) => {
      assert.match(String((e as Error).message), /is not allowed by evohub\.yaml/);
      assert.match(String((e as { hint?: string }).hint), /allow: \[mine\.ts\]/);
      return true;
    });
    const ok = await createProvider('file:./mine.ts', {
      env: {},
      baseDir: repo,
      providers: { file: { allow: ['mine.ts'] } },
    });
    assert.equal((await ok.complete({ model: '', messages: [], parameters: {} })).text, 'ok');
    assert.equal(existsSync(marker), false, 'the module outside the repository never ran');
  } finally {
    rmSync(outside, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
});
