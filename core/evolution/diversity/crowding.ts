/**
 * Deterministic crowding (Mahfoud 1995), a replacement scheme for the generational GA: each pair of children
 * competes with its two parents, each child against the parent it is closer to (in genome distance); the better
 * of each match survives. Similar individuals replace each other, so niches persist instead of one taking over.
 */
import type { Strategy } from '../registry.ts';

export const crowding: Strategy = {
  name: 'crowding',
  description: 'deterministic crowding: each child replaces the closer parent only if better (GA)',
  options: [],
};

/**
 * Pairs children (c1, c2) with parents (p1, p2): returns true when c1 should meet p1 and c2 meet p2, false when
 * crossed (c1–p2, c2–p1).
 */
export function pairStraight(d11: number, d22: number, d12: number, d21: number): boolean {
  return d11 + d22 <= d12 + d21;
}
