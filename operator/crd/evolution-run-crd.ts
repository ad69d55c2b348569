/**
 * The EvolutionRun CRD: its schema file, where the generated YAML lives, and how it is rendered. Pure apart from
 * reading the schema, so the drift test and the generator share one rendering.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type CrdOptions, type JsonSchema, schemaToCrd } from './schema-to-crd.ts';

export const EVOLUTION_RUN_SCHEMA_PATH = 'schemas/evolution-run.schema.json';
export const EVOLUTION_RUN_CRD_PATH = 'charts/evohub/crds/evolutionruns.evohub.io.yaml';
export const EVOLUTION_RUN_CRD_NAME = 'evolutionruns.evohub.io';

export const EVOLUTION_RUN_CRD_OPTIONS: CrdOptions = {
  shortNames: ['er'],
  categories: ['evohub'],
  labels: { 'app.kubernetes.io/part-of': 'evohub' },
  printerColumns: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    {
      name: 'Generation',
      type: 'integer',
      jsonPath: '.status.generation',
      description: 'Generations completed',
    },
    { name: 'Best', type: 'number', jsonPath: '.status.bestFitness', description: 'Best fitness so far' },
    { name: 'Cost', type: 'number', jsonPath: '.status.costUsd', description: 'USD spent so far' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
};

const HEADER = `# GENERATED from ${EVOLUTION_RUN_SCHEMA_PATH} by operator/crd/generate.ts — do not edit.
# Regenerate: npx node operator/crd/generate.ts --write
`;

export function readEvolutionRunSchema(repoRoot: string): JsonSchema {
  return JSON.parse(readFileSync(join(repoRoot, EVOLUTION_RUN_SCHEMA_PATH), 'utf8')) as JsonSchema;
}

export function evolutionRunCrd(schema: JsonSchema): JsonSchema {
  return schemaToCrd(schema, EVOLUTION_RUN_CRD_OPTIONS);
}

/** The CRD as the YAML text that is checked in. */
export function renderEvolutionRunCrd(schema: JsonSchema): string {
  return HEADER + stringify(evolutionRunCrd(schema), { lineWidth: 0, aliasDuplicateObjects: false });
}
