/**
 * De-duplication by content hash: a genome's canonical key (its genome type's `key`) is hashed, and a child whose
 * hash was already seen is bred again (up to `maxTries` times, then accepted, so a converged population cannot
 * stall the run). With `scope: history` nothing is ever evaluated twice in a run; with `population` only the
 * current population and batch count.
 */
import { createHash } from 'node:crypto';
import type { Strategy } from '../registry.ts';

export const dedup: Strategy = {
  name: 'dedup',
  description: 'rejects children whose content hash was already seen (breeds them again)',
  options: [
    {
      name: 'scope',
      type: 'string',
      default: 'history',
      choices: ['history', 'population'],
      description: 'history: every genome seen in the run; population: the current population and batch',
    },
    { name: 'maxTries', type: 'integer', default: 20, min: 1, description: 'breeding attempts per child' },
  ],
};

/** 128-bit content hash of a canonical key, hex. */
export function contentHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
