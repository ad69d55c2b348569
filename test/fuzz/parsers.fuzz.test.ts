/**
 * Fuzzing the parsers in-process: prompt files, evohub.yaml, gate.yaml, datasets (JSONL, JSON, YAML) and
 * `ab analyze` input. Property: a valid result or the project's typed, located error; never a TypeError,
 * RangeError or any other internal error.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { parseEvohubConfig } from '../../core/config/parse.ts';
import { parseGateConfig } from '../../core/gate/config.ts';
import { parseDataset } from '../../core/prompt/dataset.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { checkTemplateVariables } from '../../core/prompt/validate-vars.ts';
import { analyzeExperiment, parseAbInput } from '../../core/stats/index.ts';
import {
  AB_INPUT,
  CONFIG,
  DATASET_ROWS,
  FUZZ_SEED,
  hostileValue,
  jsonText,
  mutated,
  PROMPT,
  params,
  typedOrValue,
  yamlText,
} from './hostile.ts';

test(`fuzz (seed ${FUZZ_SEED}; EVOHUB_FUZZ_SEED=${FUZZ_SEED} reproduces): prompt files`, () => {
  fc.assert(
    fc.property(yamlText(mutated(PROMPT, 4)), (text) => {
      const r = typedOrValue(() => parsePrompt(text, 'prompts/f.prompt.yml'));
      if (r.ok) {
        const rows = Array.isArray(r.value.data.testData) ? r.value.data.testData : [];
        typedOrValue(() => checkTemplateVariables(r.value, rows as never));
      }
    }),
    params(150),
  );
});

test(`fuzz (seed ${FUZZ_SEED}): evohub.yaml and gate.yaml`, () => {
  fc.assert(
    fc.property(yamlText(mutated(CONFIG, 4)), (text) => {
      typedOrValue(() => parseEvohubConfig(text, 'evohub.yaml'));
    }),
    params(70),
  );
  const gate = {
    prompt: 'p',
    window: '10m',
    primary: { metric: 'success' },
    guardrails: [{ metric: 'latency', margin: 0.1 }],
  };
  fc.assert(
    fc.property(yamlText(mutated(gate, 4)), (text) => {
      typedOrValue(() => parseGateConfig(text, 'gate.yaml'));
    }),
    params(70),
  );
});

test(`fuzz (seed ${FUZZ_SEED}): datasets as JSONL, JSON and YAML rows`, () => {
  const jsonl = fc
    .tuple(
      fc.array(mutated(DATASET_ROWS[0], 2), { maxLength: 5 }),
      fc.array(hostileValue, { maxLength: 2 }),
      fc.string({ maxLength: 20 }),
    )
    .map(([rows, extra, junk]) =>
      [...rows, ...extra]
        .map((r) => JSON.stringify(r) ?? 'undefined')
        .concat(junk)
        .join('\n'),
    );
  fc.assert(
    fc.property(jsonl, (text) => {
      typedOrValue(() => parseDataset(text, 'datasets/d.jsonl', 'jsonl'));
    }),
    params(70),
  );
  fc.assert(
    fc.property(jsonText(mutated(DATASET_ROWS, 3)), (text) => {
      typedOrValue(() => parseDataset(text, 'datasets/d.json', 'json'));
    }),
    params(80),
  );
  fc.assert(
    fc.property(yamlText(mutated(DATASET_ROWS, 3)), (text) => {
      typedOrValue(() => parseDataset(text, 'datasets/d.yaml', 'yaml'));
    }),
    params(80),
  );
});

test(`fuzz (seed ${FUZZ_SEED}): ab analyze input`, () => {
  fc.assert(
    fc.property(jsonText(mutated(AB_INPUT, 4)), (text) => {
      typedOrValue(() => analyzeExperiment(parseAbInput(text, 'ab.json')));
    }),
    params(150),
  );
});
