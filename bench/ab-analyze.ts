/**
 * A/B analysis speed: analyses per second of the docs/ab/checkout.json document (4 metrics incl. CUPED and a
 * ratio) with each method, and of a 10-variant × 20-metric document with Holm correction; plus the cost of
 * reading and validating the JSON. Prints ONE JSON line.
 *
 *   npx node bench/ab-analyze.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AbInput } from '../core/stats/ab-types.ts';
import { analyzeExperiment, parseAbInput } from '../core/stats/index.ts';

const file = fileURLToPath(new URL('../docs/ab/checkout.json', import.meta.url));
const text = readFileSync(file, 'utf8');
const doc = parseAbInput(text, file);

function rate(fn: () => unknown, minMs = 500): number {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
  }
  return Math.round((n / (performance.now() - start)) * 1000);
}

function wide(): AbInput {
  const variants = Array.from({ length: 10 }, (_, i) => ({ name: `v${i}`, users: 10000 + i * 7 }));
  const metrics = Array.from({ length: 20 }, (_, m) => ({
    name: `m${m}`,
    type: 'mean' as const,
    stats: Object.fromEntries(
      variants.map((v, i) => [
        v.name,
        { sum: 10000 * (5 + 0.01 * i + m), sumSquares: 10000 * ((5 + m) ** 2 + 4) },
      ]),
    ),
  }));
  return { settings: { correction: 'holm-bonferroni' }, variants, metrics };
}

const result = {
  bench: 'ab-analyze',
  frequentistPerSec: rate(() =>
    analyzeExperiment({ ...doc, settings: { ...doc.settings, method: 'frequentist' } }),
  ),
  sequentialPerSec: rate(() =>
    analyzeExperiment({ ...doc, settings: { ...doc.settings, method: 'sequential' } }),
  ),
  bayesianPerSec: rate(() =>
    analyzeExperiment({ ...doc, settings: { ...doc.settings, method: 'bayesian' } }),
  ),
  parseAndValidatePerSec: rate(() => parseAbInput(text, file)),
  wide10x20PerSec: rate(() => analyzeExperiment(wide())),
  node: process.version,
};
console.log(JSON.stringify(result));
