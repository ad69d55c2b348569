import { createRegistry } from '../registry.ts';
import type { Algorithm } from './algorithm.ts';
import { cmaEs } from './cma-es.ts';
import { ga } from './ga.ts';
import { mapElites } from './map-elites.ts';
import { nsga2 } from './nsga2.ts';
import { randomSearch } from './random.ts';

export const algorithms = createRegistry<Algorithm>('algorithm', [nsga2, mapElites, cmaEs, ga, randomSearch]);
