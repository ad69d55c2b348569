/**
 * The TypeScript types mirror the JSON Schemas (the source of truth). These tests fail when they drift: each
 * `satisfies Record<keyof T, true>` list must name every key of the type and nothing else (the compiler checks
 * that), and must equal the schema's property names (this test checks that).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnvironmentPins, EvohubConfig, ProviderSettings } from '../config/types.ts';
import { schemaErrors, schemas } from '../schema/index.ts';
import type {
  Evaluator,
  EvolutionSettings,
  Lineage,
  LlmEvaluator,
  Message,
  ModelParameters,
  Objective,
  PromptFile,
  StringEvaluator,
} from './types.ts';

type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
const keys = <T>(o: Record<KnownKeys<T>, true>) => Object.keys(o).sort();

const schemaKeys = (node: { properties?: object }) => Object.keys(node.properties ?? {}).sort();
const defs = schemas.prompt.$defs;

test('PromptFile has exactly the top-level properties of prompt.schema.json', () => {
  const typeKeys = keys<PromptFile>({
    name: true,
    description: true,
    model: true,
    modelParameters: true,
    responseFormat: true,
    jsonSchema: true,
    messages: true,
    testData: true,
    evaluators: true,
    version: true,
    objectives: true,
    evolution: true,
    lineage: true,
  });
  assert.deepEqual(typeKeys, schemaKeys(schemas.prompt));
  assert.deepEqual(schemas.prompt.required, ['messages']);
});

test('nested prompt types match their schema definitions', () => {
  assert.deepEqual(keys<Message>({ role: true, content: true }), schemaKeys(defs.message));
  assert.deepEqual(
    keys<ModelParameters>({ maxTokens: true, temperature: true, topP: true }),
    schemaKeys(schemas.prompt.properties.modelParameters),
  );
  assert.deepEqual(
    keys<StringEvaluator>({ equals: true, contains: true, startsWith: true, endsWith: true }),
    schemaKeys(defs.stringEvaluator),
  );
  assert.deepEqual(
    keys<LlmEvaluator>({ modelId: true, prompt: true, systemPrompt: true, choices: true }),
    schemaKeys(defs.llmEvaluator),
  );
  assert.deepEqual(
    keys<Objective>({ metric: true, goal: true, weight: true, min: true, max: true }),
    schemaKeys(defs.objective),
  );
  assert.deepEqual(
    keys<EvolutionSettings>({
      algorithm: true,
      population: true,
      generations: true,
      seed: true,
      optimizerModel: true,
      mutable: true,
      operators: true,
      budget: true,
      heldOut: true,
    }),
    schemaKeys(defs.evolution),
  );
  assert.deepEqual(
    keys<Lineage>({ parents: true, runId: true, generation: true, operator: true, fitness: true }),
    schemaKeys(defs.lineage),
  );
  // Evaluator: GitHub's forms are typed; evohub's scorer forms pass through the index signature.
  const scorerForms = [
    'regex',
    'jsonSchema',
    'json',
    'numeric',
    'exact',
    'f1',
    'safety',
    'latency',
    'cost',
    'tokens',
  ];
  assert.deepEqual(
    keys<Evaluator>({ name: true, description: true, string: true, llm: true, uses: true }),
    schemaKeys(defs.evaluator).filter((k) => !scorerForms.includes(k)),
  );
  const roles: Message['role'][] = ['system', 'user', 'assistant', 'developer'];
  assert.deepEqual(roles, defs.message.properties.role.enum);
  const formats: NonNullable<PromptFile['responseFormat']>[] = ['text', 'json_object', 'json_schema'];
  assert.deepEqual(formats, schemas.prompt.properties.responseFormat.enum);
  const algorithms: NonNullable<EvolutionSettings['algorithm']>[] = [
    'nsga2',
    'map-elites',
    'cma-es',
    'ga',
    'random',
  ];
  assert.deepEqual(algorithms, defs.evolution.properties.algorithm.enum);
});

test('config types match evohub-config.schema.json and environment.schema.json', () => {
  assert.deepEqual(
    keys<EvohubConfig>({
      providers: true,
      defaults: true,
      cache: true,
      results: true,
      budget: true,
      github: true,
      evolution: true,
      pii: true,
      feedback: true,
    }),
    schemaKeys(schemas.config),
  );
  assert.deepEqual(
    keys<ProviderSettings>({
      type: true,
      baseUrl: true,
      apiKeyEnv: true,
      timeoutMs: true,
      maxRetries: true,
      concurrency: true,
      requestsPerMinute: true,
      tokensPerMinute: true,
      headers: true,
      allow: true,
    }),
    // `apiKey` is in the schema only to be rejected with a hint.
    schemaKeys(schemas.config.$defs.provider).filter((k) => k !== 'apiKey'),
  );
  assert.deepEqual(keys<EnvironmentPins>({ prompts: true }), schemaKeys(schemas.environment));
});

test('a fully typed prompt object validates against the schema', () => {
  const full: Required<PromptFile> = {
    name: 'Ticket triage',
    description: 'Classifies support tickets',
    model: 'simulated/ticket-triage',
    modelParameters: { maxTokens: 50, temperature: 0.2, topP: 0.9 },
    responseFormat: 'json_schema',
    jsonSchema: { name: 'label', schema: { type: 'object' } },
    messages: [
      { role: 'system', content: 'Classify the ticket.' },
      { role: 'user', content: '{{ticket}}' },
    ],
    testData: [{ ticket: 'refund please', expected: 'billing' }],
    evaluators: [
      { name: 'label', string: { equals: '{{expected}}' } },
      {
        name: 'judge',
        llm: {
          modelId: 'openai/gpt-4o',
          prompt: 'ok?',
          systemPrompt: 's',
          choices: [{ choice: 'y', score: 1 }],
        },
      },
      { name: 'similar', uses: 'github/similarity' },
      { name: 'cheap', cost: {} },
    ],
    version: 3,
    objectives: [
      { metric: 'label', goal: 'maximize', weight: 1, min: 0.5 },
      { metric: 'cost', goal: 'minimize', max: 0.01 },
    ],
    evolution: {
      algorithm: 'nsga2',
      population: 8,
      generations: 5,
      seed: 42,
      optimizerModel: 'simulated/ticket-triage',
      mutable: ['messages', 'modelParameters'],
      operators: ['rewrite', 'crossover'],
      budget: { maxEvaluations: 1000, maxUsd: 2 },
      heldOut: 0.2,
    },
    lineage: {
      parents: ['abc123'],
      runId: 'run-1',
      generation: 2,
      operator: 'rewrite',
      fitness: { label: 0.8 },
    },
  };
  assert.deepEqual(schemaErrors('prompt', full), []);
  const testDataPath: PromptFile = { messages: full.messages, testData: 'datasets/x.jsonl' };
  assert.deepEqual(schemaErrors('prompt', testDataPath), []);
  const config: Required<EvohubConfig> = {
    providers: {
      local: { type: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'none', timeoutMs: 1000 },
    },
    defaults: { model: 'openai/gpt-4o-mini', provider: 'openai' },
    cache: { dir: '.evohub/cache', enabled: true },
    results: 'postgres://evohub@db.internal:5432/evohub',
    budget: { maxEvaluations: 10, maxUsd: 1 },
    github: { labels: ['evohub'], reviewers: ['alice'], baseBranch: 'main' },
    evolution: { algorithm: 'ga' },
    pii: {
      detectors: ['email', 'card'],
      patterns: [{ name: 'ticket', regex: 'TCK-\\d+', replacement: '[T]' }],
    },
    feedback: {
      from: 'postgres',
      file: 'feedback/flagged.jsonl',
      prometheus: 'http://prometheus:9090',
      postgres: 'postgres://evohub@db.internal:5432/evohub',
      nearDuplicate: 0.9,
      branchPrefix: 'evohub/feedback',
    },
  };
  assert.deepEqual(schemaErrors('config', config), []);
  const pins: EnvironmentPins = { prompts: { 'ticket-triage': 2, summarizer: 'v1' } };
  assert.deepEqual(schemaErrors('environment', pins), []);
});
