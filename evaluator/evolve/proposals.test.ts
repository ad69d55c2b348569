import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import type { ScoredVersion } from '../../core/evolve/loop-state.ts';
import { MemoryResponseCache } from '../cache/memory-response-cache.ts';
import { createModelCaller } from '../model-caller.ts';
import { createProvider } from '../providers/registry.ts';
import { loadMetaPrompts } from './meta-prompts.ts';
import { buildMetaPrompt, type ResolveContext, resolveProposals } from './proposals.ts';

const parent: PromptGenome = {
  messages: [
    { role: 'system', content: 'Decide the category: billing, bug, feature_request, account or other.' },
    { role: 'user', content: '{{ticket}}' },
  ],
  fewShot: [],
  parameters: {},
};
const scored = (text: string, score: number, failures: ScoredVersion['failures'] = []): ScoredVersion => ({
  text,
  sums: { exact: score * 10 },
  n: 10,
  errors: 0,
  failures,
});

async function context(): Promise<ResolveContext> {
  const provider = await createProvider('simulated/ticket-triage', { env: {}, baseDir: '.' });
  return {
    caller: createModelCaller({ provider, cache: new MemoryResponseCache() }),
    model: 'ticket-triage',
    templates: await loadMetaPrompts('/nonexistent-repo'),
    task: 'ticket triage',
    scored: {
      P: scored(parent.messages[0]?.content ?? '', 0.3, [
        { input: 'I was charged twice', expected: 'billing', output: 'Billing issue' },
      ]),
      Q: scored('Classify the ticket.', 0.6),
    },
    versionHash: () => 'P',
    primary: (v) => (v.sums.exact ?? 0) / v.n,
    concurrency: 4,
  };
}

test('meta-prompts carry the failures (reflect), the scored trajectory (opro) and both parents (ga)', async () => {
  const ctx = await context();
  const reflect = buildMetaPrompt(ctx, parent, { kind: 'reflect', nonce: 1, message: 0 });
  assert.match(reflect, /^evohub-operator: reflect$/m);
  assert.match(
    reflect,
    /<failure>\ninput: I was charged twice\nexpected: billing\noutput: Billing issue\n<\/failure>/,
  );
  const opro = buildMetaPrompt(ctx, parent, { kind: 'opro', nonce: 1, message: 0 });
  assert.ok(opro.indexOf('score="0.3"') < opro.indexOf('score="0.6"'), 'worst to best');
  // [issue 16] The scored examples are not in the answer's tags: only the reply instruction names <prompt>.
  assert.match(opro, /<instruction score="0\.6">\nClassify the ticket\.\n<\/instruction>/);
  assert.equal(opro.match(/<prompt[ >]/g)?.length, 1, 'only "between <prompt> and </prompt>"');
  const ga = buildMetaPrompt(ctx, parent, { kind: 'ga', nonce: 1, message: 0, other: 'Other text.' });
  assert.match(ga, /^evohub-operator: crossover$/m);
  assert.match(ga, /<prompt>\nOther text\.\n<\/prompt>/);
});

test('proposals resolve through the cached optimizer; the same nonce asks the same question again', async () => {
  const ctx = await context();
  const batch = [0, 1, 2].map((id) => ({
    id,
    genome: { ...parent, proposal: { kind: 'rewrite' as const, nonce: 100 + id, message: 0 } },
    parents: [],
    generation: 0,
    operator: 'x',
  }));
  const first = await resolveProposals(
    [...batch, { id: 3, genome: parent, parents: [], generation: 0, operator: 'seed' }],
    ctx,
  );
  assert.deepEqual(
    first.map((r) => r.id),
    [0, 1, 2],
  );
  assert.ok(first.every((r) => r.operator === 'rewrite' && !r.cached));
  assert.ok(first.some((r) => r.genome.messages[0]?.content !== parent.messages[0]?.content));
  assert.ok(first.every((r) => r.genome.messages[1]?.content === '{{ticket}}'));
  const again = await resolveProposals(batch, ctx);
  assert.ok(again.every((r) => r.cached));
  assert.deepEqual(
    again.map((r) => r.genome),
    first.map((r) => r.genome),
  );
  assert.equal(ctx.caller.counters.providerRequests, 3);
});

test('merge and bootstrap resolve from the records with no model call', async () => {
  const ctx = await context();
  const withCases = (text: string, cases: number[]): ScoredVersion => ({ ...scored(text, 0.5), cases });
  ctx.scored = {
    P: withCases(parent.messages[0]?.content ?? '', [1, 1, 0, 0, 1, 0]),
    Q: withCases('Respond with only the label.', [0, 1, 1, 1, 0, 0]),
  };
  ctx.fewShotOf = (h) => (h === 'Q' ? [2, 5] : []);
  ctx.expected = ['billing', 'bug', 'billing', 'account', 'other', 'bug'];
  ctx.maxFewShot = 3;
  const pending = (id: number, kind: 'merge' | 'bootstrap') => ({
    id,
    genome: { ...parent, proposal: { kind, nonce: 7, message: 0 } },
    parents: [],
    generation: 1,
    operator: 'x',
  });
  const [merged, boot] = await resolveProposals([pending(0, 'merge'), pending(1, 'bootstrap')], ctx);
  assert.equal(
    merged?.genome.messages[0]?.content,
    `${parent.messages[0]?.content}\nRespond with only the label.`,
  );
  assert.deepEqual(merged?.genome.fewShot, [2, 5], "the partner's demonstrations");
  assert.equal(boot?.genome.fewShot.length, 3);
  assert.equal(new Set(boot?.genome.fewShot.map((i) => ctx.expected?.[i])).size, 3, 'distinct answers');
  assert.ok(merged?.local && boot?.local);
  assert.equal(ctx.caller.counters.providerRequests, 0);
});
