import { promptCrossovers, promptMutations } from '../prompt/index.ts';
import { createRegistry } from '../registry.ts';
import type { CrossoverOperator, MutationOperator } from '../types.ts';
import { gaussianMutation } from './gaussian-mutation.ts';
import { polynomialMutation } from './polynomial-mutation.ts';
import { sbxCrossover } from './sbx.ts';
import { uniformCrossover } from './uniform-crossover.ts';

export const crossovers = createRegistry<CrossoverOperator<unknown>>('crossover', [
  sbxCrossover as CrossoverOperator<unknown>,
  uniformCrossover as CrossoverOperator<unknown>,
  ...promptCrossovers,
]);

export const mutations = createRegistry<MutationOperator<unknown>>('mutation', [
  polynomialMutation as MutationOperator<unknown>,
  gaussianMutation as MutationOperator<unknown>,
  ...promptMutations,
]);
