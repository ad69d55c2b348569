import { promptGenomeTypes } from '../prompt/index.ts';
import { createRegistry } from '../registry.ts';
import type { GenomeType } from '../types.ts';
import { realVector } from './real-vector.ts';

export const genomeTypes = createRegistry<GenomeType<unknown>>('genome type', [
  realVector as GenomeType<unknown>,
  ...promptGenomeTypes,
]);
