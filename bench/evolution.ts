/**
 * Evolution engine benchmark; prints ONE JSON line.
 * - non-dominated sort + crowding distance on uniform random points, N = 10,000 and 100,000, 2 and 3 objectives
 *   (best and median of 5 runs, ms: on a shared machine the best discounts other processes). Goals, judged on the
 *   best: 100,000 × 2 ≤ 200 ms, 100,000 × 3 ≤ 1,000 ms.
 * - engine time per generation outside evaluation (NSGA-II, population 100, ZDT1 n = 30, 250 generations).
 * - CMA-ES evaluations to reach f < 1e-8 on the 10-D sphere (seeds 1–5).
 * Run: npx node bench/evolution.ts
 */
import { createEngine } from '../core/evolution/engine.ts';
import { crowdingDistances } from '../core/evolution/pareto/crowding-distance.ts';
import { frontsOf, nonDominatedRanksFlat } from '../core/evolution/pareto/non-dominated-sort.ts';
import { sphere, zdt1 } from '../core/evolution/problems/zdt.ts';
import { createRng } from '../core/evolution/rng.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function sortBench(n: number, m: number): { ms: number; medianMs: number; fronts: number } {
  const times: number[] = [];
  let fronts = 0;
  for (let run = 0; run < 5; run++) {
    const rng = createRng(1000 * m + run);
    const flat = new Float64Array(n * m);
    for (let i = 0; i < flat.length; i++) flat[i] = rng.float();
    const t0 = performance.now();
    const ranks = nonDominatedRanksFlat(flat, m);
    const fr = frontsOf(ranks);
    crowdingDistances(flat, m, fr);
    times.push(performance.now() - t0);
    fronts = fr.length;
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return { ms: round(Math.min(...times)), medianMs: round(median(times)), fronts };
}

function engineBench(): { msPerGeneration: number; hypervolume: number } {
  const n = 30;
  const engine = createEngine({
    seed: 1,
    objectives: 2,
    algorithm: { name: 'nsga2', options: { populationSize: 100, referencePoint: [1.1, 1.1] } },
    genome: { type: 'real-vector', options: { lower: Array(n).fill(0), upper: Array(n).fill(1) } },
  });
  let engineMs = 0;
  const generations = 251;
  for (let g = 0; g < generations; g++) {
    let t0 = performance.now();
    const batch = engine.ask();
    engineMs += performance.now() - t0;
    const evals = batch.map((c) => ({ id: c.id, objectives: zdt1(c.genome as number[]) }));
    t0 = performance.now();
    engine.tell(evals);
    engineMs += performance.now() - t0;
  }
  return {
    msPerGeneration: Math.round((engineMs / generations) * 1000) / 1000,
    hypervolume: engine.report().metrics.hypervolume!,
  };
}

function cmaBench(): number[] {
  return [1, 2, 3, 4, 5].map((seed) => {
    const engine = createEngine({
      seed,
      objectives: 1,
      algorithm: { name: 'cma-es', options: { stopFitness: 1e-8, ipop: false } },
      genome: { type: 'real-vector', options: { lower: Array(10).fill(-5), upper: Array(10).fill(5) } },
    });
    for (;;) {
      const batch = engine.ask();
      if (batch.length === 0) break;
      engine.tell(batch.map((c) => ({ id: c.id, objectives: [sphere(c.genome as number[])] })));
    }
    return engine.evaluations;
  });
}

const sort = {
  n10k_m2: sortBench(10_000, 2),
  n10k_m3: sortBench(10_000, 3),
  n100k_m2: sortBench(100_000, 2),
  n100k_m3: sortBench(100_000, 3),
};
const nsga2 = engineBench();
const cma = cmaBench();
console.log(
  JSON.stringify({
    bench: 'evolution',
    node: process.version,
    ndSortPlusCrowdingMs: Object.fromEntries(Object.entries(sort).map(([k, v]) => [k, v.ms])),
    ndSortPlusCrowdingMedianMs: Object.fromEntries(Object.entries(sort).map(([k, v]) => [k, v.medianMs])),
    fronts: Object.fromEntries(Object.entries(sort).map(([k, v]) => [k, v.fronts])),
    goalsMet: { n100k_m2_le_200ms: sort.n100k_m2.ms <= 200, n100k_m3_le_1000ms: sort.n100k_m3.ms <= 1000 },
    nsga2EngineMsPerGeneration: nsga2.msPerGeneration,
    nsga2Zdt1Hypervolume: nsga2.hypervolume,
    cmaEsSphere10dEvalsTo1e8: cma,
  }),
);
