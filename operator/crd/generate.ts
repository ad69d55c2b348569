/**
 * Generates charts/evohub/crds/evolutionruns.evohub.io.yaml from schemas/evolution-run.schema.json.
 *   npx node operator/crd/generate.ts           print the CRD
 *   npx node operator/crd/generate.ts --write   write it (atomically)
 *   npx node operator/crd/generate.ts --check   exit 1 when the checked-in file differs
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EVOLUTION_RUN_CRD_PATH,
  readEvolutionRunSchema,
  renderEvolutionRunCrd,
} from './evolution-run-crd.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mode = process.argv[2] ?? '--print';
const text = renderEvolutionRunCrd(readEvolutionRunSchema(repoRoot));
const target = join(repoRoot, EVOLUTION_RUN_CRD_PATH);

if (mode === '--write') {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  process.stdout.write(`wrote ${EVOLUTION_RUN_CRD_PATH}\n`);
} else if (mode === '--check') {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (current !== text) {
    process.stderr.write(
      `${EVOLUTION_RUN_CRD_PATH} is out of date: run npx node operator/crd/generate.ts --write\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${EVOLUTION_RUN_CRD_PATH} is up to date\n`);
} else if (mode === '--print') {
  process.stdout.write(text);
} else {
  process.stderr.write(`unknown option '${mode}' (known: --write, --check, --print)\n`);
  process.exit(2);
}
