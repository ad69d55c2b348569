import { createRegistry, type Strategy } from '../registry.ts';
import { crowding } from './crowding.ts';
import { dedup } from './dedup.ts';
import { novelty } from './novelty.ts';

/** Diversity mechanisms; each algorithm declares which ones it supports. */
export const diversityMechanisms = createRegistry<Strategy>('diversity mechanism', [
  dedup,
  crowding,
  novelty,
]);
