/**
 * Library example: NSGA-II on ZDT1 with the engine's ask/tell loop, a checkpoint half-way, and a resume.
 * Run: npx node examples/evolution-zdt1.ts [generations]
 *
 * The engine does no I/O: here the "evaluation" is the ZDT1 function, but it could be an LLM call, a queue of
 * workers, or a cache lookup — ask() hands out a batch, tell() takes the results back in any order.
 */
import {
  createEngine,
  type EngineConfig,
  type EngineState,
  hypervolume,
  restoreEngine,
  zdt1,
  zdt1TrueHypervolume,
} from '../core/evolution/index.ts';

const generations = Number(process.argv[2] ?? 250);
const n = 30;
const config: EngineConfig = {
  seed: 42,
  objectives: 2, // both minimised
  algorithm: { name: 'nsga2', options: { populationSize: 100, referencePoint: [1.1, 1.1] } },
  genome: { type: 'real-vector', options: { lower: Array(n).fill(0), upper: Array(n).fill(1) } },
  crossover: { name: 'sbx', options: { eta: 20, probability: 0.9 } },
  mutation: { name: 'polynomial', options: { eta: 20 } }, // probability defaults to 1/n
  selection: { name: 'tournament', options: { size: 2 } },
};

let engine = createEngine(config);
let checkpoint = '';
for (let g = 0; g <= generations; g++) {
  const batch = engine.ask();
  engine.tell(batch.map((c) => ({ id: c.id, objectives: zdt1(c.genome as number[]) })));
  if (g % 50 === 0 || g === generations) {
    const r = engine.report();
    console.log(
      `generation ${String(r.generation).padStart(3)}  evaluations ${String(r.evaluations).padStart(6)}  ` +
        `front ${String(r.metrics.frontSize).padStart(3)}  hypervolume ${r.metrics.hypervolume!.toFixed(6)}`,
    );
  }
  if (g === Math.floor(generations / 2)) {
    // A checkpoint is plain JSON; a resumed engine continues bit-identically.
    checkpoint = JSON.stringify(engine.snapshot());
    engine = restoreEngine(JSON.parse(checkpoint) as EngineState);
  }
}

const front = engine.report().best.map((b) => b.objectives);
const hv = hypervolume(front, [1.1, 1.1]);
console.log(
  `final front: ${front.length} points, hypervolume ${hv.toFixed(6)} = ` +
    `${((100 * hv) / zdt1TrueHypervolume(1.1)).toFixed(2)}% of the true front's ${zdt1TrueHypervolume(1.1).toFixed(6)}` +
    ` (checkpoint was ${(checkpoint.length / 1024).toFixed(0)} KiB)`,
);
