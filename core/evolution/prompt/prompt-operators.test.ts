import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEngine, restoreEngine } from '../engine.ts';
import { genomeTypes } from '../genomes/index.ts';
import { crossovers, mutations } from '../operators/index.ts';
import { resolveOptions } from '../registry.ts';
import { createRng } from '../rng.ts';
import type { Candidate } from '../types.ts';
import type { PromptGenome } from './genome.ts';
import { DEFAULT_PHRASES } from './phrase-mutations.ts';
import { placeholders, sentenceSpans, splitSections } from './text.ts';

const genomeOptions = (o: Record<string, unknown> = {}) =>
  resolveOptions('genome type', genomeTypes.get('prompt'), { datasetSize: 10, maxFewShot: 3, ...o });
const opts = (kind: 'crossover' | 'mutation', name: string, o: Record<string, unknown> = {}) =>
  resolveOptions(kind, (kind === 'crossover' ? crossovers : mutations).get(name), o);

const A: PromptGenome = {
  messages: [
    { role: 'system', content: 'You classify tickets.\n\nBe brief.\n\nUse the labels given.' },
    { role: 'user', content: 'Ticket: {{text}}' },
  ],
  fewShot: [1, 2],
  parameters: { temperature: 0.7, topP: 1, maxTokens: 256 },
};
const B: PromptGenome = {
  messages: [
    { role: 'system', content: 'You are a support triage expert.\n\nThink first.\n\nAnswer with one label.' },
    { role: 'user', content: 'Classify this: {{text}}' },
  ],
  fewShot: [5],
  parameters: { temperature: 0.1, maxTokens: 64 },
};

describe('prompt text helpers', () => {
  it('splits on markdown headings when there are any, else on blank-line paragraphs', () => {
    assert.deepEqual(splitSections('# Role\nYou help.\n## Rules\nBe kind.\n').sections, [
      '# Role\nYou help.\n',
      '## Rules\nBe kind.\n',
    ]);
    assert.deepEqual(splitSections('One.\n\nTwo.\n  \nThree.').sections, ['One.', 'Two.', 'Three.']);
    assert.deepEqual(placeholders('Hi {{ name }}, {{text}} and {{name}}'), ['name', 'text']);
    assert.deepEqual(
      sentenceSpans('Be brief. Think first!\nUse {{x}}').map((s) => s.text),
      ['Be brief. ', 'Think first!', 'Use {{x}}'],
    );
  });
});

describe('section crossover', () => {
  it('swaps aligned sections of mutable messages, keeps other roles, placeholders and the parents intact', () => {
    const before = JSON.stringify([A, B]);
    const rng = createRng(1);
    let swapped = 0;
    for (let t = 0; t < 50; t++) {
      const [c1, c2] = crossovers
        .get('section')
        .apply(A, B, rng, opts('crossover', 'section', { probability: 1 }), genomeOptions()) as [
        PromptGenome,
        PromptGenome,
      ];
      const s1 = splitSections(c1.messages[0]!.content).sections;
      const s2 = splitSections(c2.messages[0]!.content).sections;
      const sa = splitSections(A.messages[0]!.content).sections;
      const sb = splitSections(B.messages[0]!.content).sections;
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(
          [s1[i], s2[i]].sort(),
          [sa[i], sb[i]].sort(),
          'each position keeps its two sections',
        );
      }
      if (s1.join() !== sa.join()) swapped++;
      assert.equal(
        c1.messages[1]!.content,
        A.messages[1]!.content,
        'user messages are not mutable by default',
      );
      assert.equal(c2.messages[1]!.content, B.messages[1]!.content);
      assert.ok([A.fewShot, B.fewShot].some((f) => JSON.stringify(f) === JSON.stringify(c1.fewShot)));
    }
    assert.ok(swapped > 30);
    assert.equal(JSON.stringify([A, B]), before, 'parents untouched');
  });

  it('never loses a placeholder when splicing messages of different lengths', () => {
    const roles = { mutableRoles: ['system', 'user'] };
    const x: PromptGenome = {
      ...A,
      messages: [{ role: 'user', content: 'Intro.\n\nText: {{text}}\n\nEnd.' }],
    };
    const y: PromptGenome = {
      ...B,
      messages: [{ role: 'user', content: 'Other: {{text}}\n\nMore.\n\nAgain.\n\nLast.' }],
    };
    const rng = createRng(2);
    for (let t = 0; t < 100; t++) {
      const kids = crossovers
        .get('section')
        .apply(x, y, rng, opts('crossover', 'section', { probability: 1 }), genomeOptions(roles));
      for (const k of kids as PromptGenome[])
        assert.deepEqual(placeholders(k.messages[0]!.content), ['text']);
    }
  });

  it('is deterministic under the seed; probability 0 copies the parents', () => {
    const go = genomeOptions();
    const run = () => crossovers.get('section').apply(A, B, createRng(3), opts('crossover', 'section'), go);
    assert.deepEqual(run(), run());
    assert.deepEqual(crossovers.get('section').apply(A, B, createRng(3), { probability: 0 }, go), [A, B]);
  });
});

describe('prompt mutations', () => {
  it('phrase-insert adds one bank phrase as a section of a mutable message, never twice', () => {
    const rng = createRng(4);
    const out = mutations
      .get('phrase-insert')
      .apply(A, rng, opts('mutation', 'phrase-insert'), genomeOptions()) as PromptGenome;
    const added = DEFAULT_PHRASES.filter((p) => out.messages[0]!.content.includes(p));
    assert.equal(added.length, 1);
    assert.equal(splitSections(out.messages[0]!.content).sections.length, 4);
    assert.equal(out.messages[1]!.content, A.messages[1]!.content);
    const custom = mutations.get('phrase-insert').apply(A, rng, { phrases: ['Be brief.'] }, genomeOptions());
    assert.deepEqual(custom, A, 'the only phrase is already there: no change');
  });

  it('phrase-delete removes one sentence, never a placeholder and never the last sentence', () => {
    const roles = genomeOptions({ mutableRoles: ['system', 'user'] });
    const rng = createRng(5);
    const out = mutations
      .get('phrase-delete')
      .apply(A, rng, opts('mutation', 'phrase-delete'), roles) as PromptGenome;
    const before = A.messages.map((m) => sentenceSpans(m.content).length).reduce((a, b) => a + b);
    const after = out.messages.map((m) => sentenceSpans(m.content).length).reduce((a, b) => a + b);
    assert.equal(after, before - 1);
    let g = A;
    for (let t = 0; t < 20; t++)
      g = mutations.get('phrase-delete').apply(g, rng, { bankOnly: false }, roles) as PromptGenome;
    assert.deepEqual(placeholders(g.messages[1]!.content), ['text']);
    assert.ok(g.messages[0]!.content.trim().length > 0);
    const withBank: PromptGenome = {
      ...A,
      messages: [{ role: 'system', content: 'Classify. Be concise. Think hard.' }],
    };
    const onlyBank = mutations
      .get('phrase-delete')
      .apply(withBank, rng, opts('mutation', 'phrase-delete', { bankOnly: true }), roles);
    assert.equal((onlyBank as PromptGenome).messages[0]!.content, 'Classify. Think hard.');
  });

  it('few-shot keeps unique row indexes within the dataset and the cap, and explores all moves', () => {
    const go = genomeOptions();
    const rng = createRng(6);
    let g: PromptGenome = { ...A, fewShot: [] };
    const lengths = new Set<number>();
    let reordered = false;
    for (let t = 0; t < 500; t++) {
      const next = mutations.get('few-shot').apply(g, rng, {}, go) as PromptGenome;
      assert.equal(new Set(next.fewShot).size, next.fewShot.length);
      assert.ok(
        next.fewShot.length <= 3 && next.fewShot.every((i) => Number.isInteger(i) && i >= 0 && i < 10),
      );
      if (next.fewShot.length === g.fewShot.length && next.fewShot.length > 1) {
        if ([...next.fewShot].sort().join() === [...g.fewShot].sort().join())
          reordered ||= next.fewShot.join() !== g.fewShot.join();
      }
      lengths.add(next.fewShot.length);
      g = next;
    }
    assert.deepEqual([...lengths].sort(), [0, 1, 2, 3]);
    assert.ok(reordered);
    const none = { ...A, fewShot: [] };
    assert.deepEqual(mutations.get('few-shot').apply(none, rng, {}, genomeOptions({ datasetSize: 0 })), none);
  });

  it('parameter mutation stays in bounds, keeps maxTokens an integer and unset parameters unset', () => {
    const go = genomeOptions();
    const rng = createRng(7);
    let changed = 0;
    for (let t = 0; t < 500; t++) {
      const out = mutations.get('parameter').apply(B, rng, { eta: 5 }, go) as PromptGenome;
      const { temperature, topP, maxTokens } = out.parameters;
      assert.equal(topP, undefined);
      assert.ok(temperature! >= 0 && temperature! <= 2);
      assert.ok(Number.isInteger(maxTokens) && maxTokens! >= 16 && maxTokens! <= 4096);
      if (temperature !== B.parameters.temperature || maxTokens !== B.parameters.maxTokens) changed++;
    }
    assert.ok(changed > 450);
  });

  it('prompt-any draws its operator by weight', () => {
    const rng = createRng(8);
    const go = genomeOptions();
    for (let t = 0; t < 50; t++) {
      const out = mutations.get('prompt-any').apply(
        A,
        rng,
        opts('mutation', 'prompt-any', {
          weights: { 'phrase-insert': 0, 'phrase-delete': 0, 'few-shot': 0, parameter: 1 },
        }),
        go,
      ) as PromptGenome;
      assert.deepEqual(out.messages, A.messages);
      assert.deepEqual(out.fewShot, A.fewShot);
    }
  });
});

describe('prompt evolution through the engine', () => {
  // A toy objective standing in for an evaluation: reward two target phrases and three few-shot examples,
  // prefer a low temperature; minimised, so the score is negated.
  const score = (g: PromptGenome) => {
    const text = g.messages.map((m) => m.content).join('\n');
    return (
      (text.includes('Think step by step before answering.') ? 1 : 0) +
      (text.includes('Answer with a single word.') ? 1 : 0) +
      g.fewShot.length / 3 -
      (g.parameters.temperature ?? 1) / 2
    );
  };
  const evaluate = (batch: Candidate<unknown>[]) =>
    batch.map((c) => ({ id: c.id, objectives: [-score(c.genome as PromptGenome)] }));
  const config = {
    seed: 9,
    objectives: 1,
    algorithm: { name: 'ga', options: { populationSize: 16, elites: 2 } },
    genome: { type: 'prompt', options: { datasetSize: 20, maxFewShot: 3 } },
    diversity: [{ name: 'dedup' }],
    seeds: [A],
  };

  it('improves on the seed prompt, never evaluates a prompt twice, and resumes bit-identically', () => {
    const engine = createEngine(config);
    const seen = new Set<string>();
    let halfway = '';
    for (let g = 0; g < 40; g++) {
      const batch = engine.ask();
      for (const c of batch) {
        const key = JSON.stringify(c.genome);
        assert.ok(!seen.has(key), 'dedup');
        seen.add(key);
        assert.deepEqual(placeholders((c.genome as PromptGenome).messages[1]!.content), ['text']);
      }
      engine.tell(evaluate(batch));
      if (g === 19) halfway = JSON.stringify(engine.snapshot());
    }
    const best = engine.report().best[0]!;
    assert.ok(
      score(best.genome as PromptGenome) > score(A) + 1,
      `best ${score(best.genome as PromptGenome)}`,
    );
    const resumed = restoreEngine(JSON.parse(halfway));
    for (let g = 20; g < 40; g++) resumed.tell(evaluate(resumed.ask()));
    assert.equal(JSON.stringify(resumed.snapshot()), JSON.stringify(engine.snapshot()));
  });

  it('needs seed genomes (prompts have no random genome)', () => {
    assert.throws(() => createEngine({ ...config, seeds: [] }), /needs seed genomes/);
  });
});

describe('section crossover splices', () => {
  it('keeps a section shared by both parents once', () => {
    const x: PromptGenome = {
      ...A,
      messages: [{ role: 'system', content: 'Shared.\n\nA two.\n\nA three.' }],
    };
    const y: PromptGenome = { ...B, messages: [{ role: 'system', content: 'B one.\n\nShared.' }] };
    const rng = createRng(10);
    for (let t = 0; t < 50; t++) {
      for (const k of crossovers
        .get('section')
        .apply(x, y, rng, { probability: 1 }, genomeOptions()) as PromptGenome[]) {
        const sections = splitSections(k.messages[0]!.content).sections.map((s) => s.trim());
        assert.equal(new Set(sections).size, sections.length);
      }
    }
  });
});
