import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../errors.ts';
import { createEngine, restoreEngine } from '../../engine.ts';
import { createRng } from '../../rng.ts';
import type { PromptGenome } from '../genome.ts';
import {
  checkTemplate,
  isPending,
  llmCrossover,
  llmMixMutation,
  llmOperatorRegistries,
  PROPOSAL_KINDS,
  type ProposalGenome,
  parseProposalAnswer,
  proposalPromptGenome,
  renderMetaPrompt,
} from './index.ts';

const GENOME_OPTS = {
  datasetSize: 10,
  maxFewShot: 3,
  mutableRoles: ['system'],
  temperature: [0, 2],
  topP: [0, 1],
  maxTokens: [16, 4096],
};
const A: PromptGenome = {
  messages: [
    { role: 'user', content: 'Context first.' },
    { role: 'system', content: 'Classify the ticket.' },
    { role: 'user', content: '{{ticket}}' },
  ],
  fewShot: [],
  parameters: { temperature: 0.5 },
};
const B: PromptGenome = {
  ...A,
  messages: A.messages.map((m) =>
    m.role === 'system' ? { ...m, content: 'Label the support message.' } : m,
  ),
};

describe('llm-mix mutation', () => {
  test('an LLM kind marks a copy as a pending proposal on the first mutable message, with a fresh nonce', () => {
    const rng = createRng(3);
    const opts = { weights: { rewrite: 1 }, eta: 20 };
    const a = llmMixMutation.apply(A, rng, opts, GENOME_OPTS);
    const b = llmMixMutation.apply(A, rng, opts, GENOME_OPTS);
    assert.ok(isPending(a) && isPending(b));
    assert.equal(a.proposal?.kind, 'rewrite');
    assert.equal(a.proposal?.message, 1);
    assert.notEqual(a.proposal?.nonce, b.proposal?.nonce);
    assert.deepEqual(a.messages, A.messages);
    assert.notEqual(proposalPromptGenome.key(a, GENOME_OPTS), proposalPromptGenome.key(b, GENOME_OPTS));
    assert.equal(proposalPromptGenome.key({ ...A }, GENOME_OPTS), proposalPromptGenome.key(A, GENOME_OPTS));
  });
  test('same generator state, same proposal; structural kinds apply at once', () => {
    const opts = { weights: { rewrite: 1, reflect: 1, opro: 1 }, eta: 20 };
    assert.deepEqual(
      llmMixMutation.apply(A, createRng(9), opts, GENOME_OPTS),
      llmMixMutation.apply(A, createRng(9), opts, GENOME_OPTS),
    );
    const shot = llmMixMutation.apply(A, createRng(1), { weights: { 'few-shot': 1 }, eta: 20 }, GENOME_OPTS);
    assert.ok(!isPending(shot));
    assert.equal(shot.fewShot.length, 1);
  });
  test('a pending crossover child keeps its proposal', () => {
    const pending: ProposalGenome = { ...A, proposal: { kind: 'ga', nonce: 5, message: 1, other: 'x' } };
    for (let s = 0; s < 20; s++) {
      const out = llmMixMutation.apply(
        pending,
        createRng(s),
        { weights: { rewrite: 1, 'few-shot': 1 }, eta: 20 },
        GENOME_OPTS,
      );
      assert.deepEqual(out.proposal, pending.proposal);
    }
  });
});

describe('llm-crossover', () => {
  test("EvoPrompt GA: two pending children, each carrying the other parent's instruction", () => {
    const [c1, c2] = llmCrossover.apply(
      A,
      B,
      createRng(2),
      { probability: 1, weights: { ga: 1 } },
      GENOME_OPTS,
    );
    assert.equal(c1.proposal?.kind, 'ga');
    assert.equal(c1.proposal?.other, 'Label the support message.');
    assert.equal(c2.proposal?.other, 'Classify the ticket.');
  });
  test('DE and no recombination', () => {
    const [d] = llmCrossover.apply(A, B, createRng(2), { probability: 1, weights: { de: 1 } }, GENOME_OPTS);
    assert.equal(d.proposal?.kind, 'de');
    const [x, y] = llmCrossover.apply(
      A,
      B,
      createRng(2),
      { probability: 0, weights: { ga: 1 } },
      GENOME_OPTS,
    );
    assert.ok(!isPending(x) && !isPending(y));
    assert.deepEqual(x, A);
  });
});

describe('pending proposals through the engine', () => {
  const config = {
    seed: 11,
    objectives: 1,
    algorithm: { name: 'nsga2', options: { populationSize: 6 } },
    genome: { type: 'prompt', options: { datasetSize: 10 } },
    crossover: { name: 'llm-crossover' },
    mutation: { name: 'llm-mix', options: { weights: { rewrite: 1, reflect: 1 } } },
    diversity: [{ name: 'dedup' }],
    seeds: [B],
  };
  test('resolved genomes patched into the snapshot are what the engine continues with, deterministically', () => {
    const run = () => {
      let engine = createEngine(config, llmOperatorRegistries());
      const trace: string[] = [];
      for (let g = 0; g < 3; g++) {
        let batch = engine.ask();
        if (batch.some((c) => isPending(c.genome))) {
          const snap = engine.snapshot();
          snap.pending = (snap.pending ?? []).map((c) => {
            const genome = c.genome as ProposalGenome;
            if (!genome.proposal) return c;
            const messages = genome.messages.map((m, i) =>
              i === genome.proposal?.message
                ? { ...m, content: `${m.content} v${genome.proposal.nonce % 97}` }
                : m,
            );
            return { ...c, genome: { messages, fewShot: genome.fewShot, parameters: genome.parameters } };
          });
          engine = restoreEngine(snap, llmOperatorRegistries());
          batch = engine.ask();
        }
        assert.ok(batch.every((c) => !isPending(c.genome)));
        trace.push(...batch.map((c) => (c.genome as PromptGenome).messages[1]?.content ?? ''));
        engine.tell(
          batch.map((c) => ({
            id: c.id,
            objectives: [-((c.genome as PromptGenome).messages[1]?.content.length ?? 0)],
          })),
        );
      }
      return { trace, report: engine.report() };
    };
    const a = run();
    assert.deepEqual(a, run());
    assert.ok(
      a.trace.some((t) => / v\d+/.test(t)),
      'some proposals were resolved',
    );
    assert.ok(a.report.best.every((b) => !isPending(b.genome)));
  });
});

describe('meta-prompts', () => {
  test("rendering fills known variables in one pass and leaves a prompt's own placeholders alone", () => {
    const out = renderMetaPrompt('evohub-operator: rewrite\nTask: {{task}}\n{{prompts}}\n{{unknown}}', {
      task: 'triage {{task}}',
      prompts: '<prompt>\nUse {{ticket}}\n</prompt>',
      failures: '',
    });
    assert.equal(
      out,
      'evohub-operator: rewrite\nTask: triage {{task}}\n<prompt>\nUse {{ticket}}\n</prompt>\n{{unknown}}',
    );
  });
  test('answers: the last prompt block, else the whole text; placeholders must be kept', () => {
    assert.equal(
      parseProposalAnswer('thinking…\n<prompt>\nA {{x}}\n</prompt>\n<prompt>B {{x}}</prompt>', 'old {{x}}'),
      'B {{x}}',
    );
    assert.equal(parseProposalAnswer('  New text {{x}} ', 'old {{x}}'), 'New text {{x}}');
    assert.equal(parseProposalAnswer('<prompt>dropped</prompt>', 'old {{x}}'), undefined);
    assert.equal(parseProposalAnswer('<prompt>added {{y}}</prompt>', 'old'), undefined);
    assert.equal(parseProposalAnswer('<prompt>  </prompt>', 'old'), undefined);
  });
  test('every built-in template carries its header and only known variables; bad ones are refused', () => {
    for (const kind of PROPOSAL_KINDS) {
      const file = new URL(`../../meta-prompts/${kind}.md`, import.meta.url);
      checkTemplate(kind, readFileSync(file, 'utf8'), file.pathname);
    }
    assert.throws(() => checkTemplate('reflect', 'no header {{prompts}}', 'x.md'), ConfigError);
    assert.throws(
      () => checkTemplate('rewrite', 'evohub-operator: rewrite\n{{nope}}', 'x.md'),
      /unknown variables: nope/,
    );
    assert.throws(() => checkTemplate('de', 'evohub-operator: de\n', 'x.md'), /evohub-operator: crossover/);
  });
});
