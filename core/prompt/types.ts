/**
 * The prompt file model: a superset of GitHub Models' `.prompt.yml` (what `gh models eval` reads) plus
 * evohub's optional `version`, `objectives`, `evolution` and `lineage`. The JSON Schema in
 * `schemas/prompt.schema.json` is the source of truth; these types mirror it (a test checks they agree).
 */

export type Role = 'system' | 'user' | 'assistant' | 'developer';

export type Message = { role: Role; content: string };

export type ModelParameters = {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
};

/** A dataset row: variable name → value. `expected` is the conventional name for the reference answer. */
export type DatasetRow = Record<string, unknown>;

export type StringEvaluator = {
  equals?: string;
  contains?: string;
  startsWith?: string;
  endsWith?: string;
};

export type LlmChoice = { choice: string; score: number };

export type LlmEvaluator = {
  modelId: string;
  prompt: string;
  systemPrompt?: string;
  choices: LlmChoice[];
};

/** GitHub Models' evaluator forms: `string`, `llm`, or `uses: github/<name>`; evohub adds scorer forms keyed by type. */
export type Evaluator = {
  name: string;
  description?: string;
  string?: StringEvaluator;
  llm?: LlmEvaluator;
  uses?: string;
  /** evohub scorers (regex, json-schema, numeric, f1, safety, …), see docs/scorers.md. */
  [scorer: string]: unknown;
};

export type Objective = {
  /** Metric name: an evaluator's name, or a built-in metric (`cost`, `latency`, `tokens`). */
  metric: string;
  goal: 'maximize' | 'minimize';
  weight?: number;
  /** A constraint: the metric must stay at or above `min` / at or below `max`. */
  min?: number;
  max?: number;
};

export type EvolutionSettings = {
  algorithm?: 'nsga2' | 'map-elites' | 'cma-es' | 'ga' | 'random';
  population?: number;
  generations?: number;
  seed?: number;
  optimizerModel?: string;
  /** Which parts may change: message indexes or roles, `modelParameters`, `fewShot`. */
  mutable?: string[];
  operators?: string[];
  budget?: { maxEvaluations?: number; maxUsd?: number };
  heldOut?: number;
  [setting: string]: unknown;
};

export type Lineage = {
  parents?: string[];
  runId?: string;
  generation?: number;
  operator?: string;
  fitness?: Record<string, number>;
};

export type PromptFile = {
  name?: string;
  description?: string;
  model?: string;
  modelParameters?: ModelParameters;
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  /** For `responseFormat: json_schema`: GitHub Models stores it as a JSON string; an object is accepted too. */
  jsonSchema?: string | Record<string, unknown>;
  messages: Message[];
  /** Inline rows, or a path (relative to the prompt file) to a JSONL, JSON or YAML dataset. */
  testData?: DatasetRow[] | string;
  evaluators?: Evaluator[];
  version?: number;
  objectives?: Objective[];
  evolution?: EvolutionSettings;
  lineage?: Lineage;
};
