/**
 * The two proposals the loop resolves without the optimizer model (pure):
 * - merge (GEPA): the parent combined with the version that is best where it fails — on the per-case Pareto
 *   front, the member that wins most of the cases the parent loses — by keeping the parent's sentences and adding
 *   the partner's that it lacks;
 * - bootstrap (DSPy's BootstrapFewShot): demonstrations from the selection split, one per distinct expected
 *   answer first, preferring the cases the parent already answers right (validated), drawn by the nonce.
 */
import { normaliseInstruction } from '../evolution/prompt/normalise.ts';
import type { ScoredVersion } from './loop-state.ts';

/** Fewest common cases on which two versions are compared. */
const MIN_COMMON = 4;

const better = (a: number, b: number, goal: 'maximize' | 'minimize') => (goal === 'maximize' ? a > b : a < b);

/** Versions that are best (or tied best) on at least one case: GEPA's per-case Pareto candidates. */
export function perCaseFront(
  scored: Readonly<Record<string, ScoredVersion>>,
  goal: 'maximize' | 'minimize',
): string[] {
  const entries = Object.entries(scored).filter(([, v]) => (v.cases?.length ?? 0) >= MIN_COMMON);
  const width = Math.max(0, ...entries.map(([, v]) => v.cases?.length ?? 0));
  const front = new Set<string>();
  for (let i = 0; i < width; i++) {
    let best: number | undefined;
    let worst: number | undefined;
    for (const [, v] of entries) {
      const x = v.cases?.[i];
      if (x !== undefined && (best === undefined || better(x, best, goal))) best = x;
      if (x !== undefined && (worst === undefined || better(worst, x, goal))) worst = x;
    }
    // A case every version scores alike tells no version apart.
    if (best === undefined || best === worst) continue;
    for (const [h, v] of entries) if (v.cases?.[i] === best) front.add(h);
  }
  return [...front].sort();
}

/** The front member that wins most of the cases the parent loses (ties: more cases, then hash); none if none does. */
export function mergePartner(
  parentHash: string,
  scored: Readonly<Record<string, ScoredVersion>>,
  goal: 'maximize' | 'minimize',
): string | undefined {
  const p = scored[parentHash]?.cases;
  if (!p || p.length < MIN_COMMON) return undefined;
  let pick: { hash: string; wins: number; n: number } | undefined;
  for (const h of perCaseFront(scored, goal)) {
    if (h === parentHash || scored[h]?.text === scored[parentHash]?.text) continue;
    const q = scored[h]?.cases ?? [];
    const n = Math.min(p.length, q.length);
    if (n < MIN_COMMON) continue;
    let wins = 0;
    for (let i = 0; i < n; i++) if (better(q[i] as number, p[i] as number, goal)) wins++;
    if (wins === 0) continue;
    if (!pick || wins > pick.wins || (wins === pick.wins && (n > pick.n || (n === pick.n && h < pick.hash))))
      pick = { hash: h, wins, n };
  }
  return pick?.hash;
}

/** The parent's lines, then the partner's lines the parent lacks; sentences never repeated. */
export function mergeInstructions(parent: string, partner: string): string {
  return normaliseInstruction(`${parent}\n${partner}`);
}

/** Few-shot rows (positions in the selection split) for a parent, up to `k`: distinct expected answers first. */
export function bootstrapDemos(
  parent: ScoredVersion | undefined,
  expected: readonly (string | undefined)[],
  k: number,
  nonce: number,
): number[] {
  if (k <= 0) return [];
  const cases = parent?.cases ?? [];
  const pool = expected.flatMap((e, i) => (e === undefined ? [] : [i]));
  // Cases the parent answers right first (validated demonstrations), each group in an order drawn by the nonce.
  const order = pool.map((i) => ({
    i,
    passed: (cases[i] ?? 0) >= 1 ? 0 : 1,
    r: (Math.imul(i + 1, 2654435761) ^ Math.imul(nonce, 40503)) >>> 0,
  }));
  order.sort((a, b) => a.passed - b.passed || a.r - b.r || a.i - b.i);
  const out: number[] = [];
  const labels = new Set<string>();
  for (const { i } of order) {
    const e = expected[i] as string;
    if (out.length < k && !labels.has(e)) {
      labels.add(e);
      out.push(i);
    }
  }
  for (const { i } of order) if (out.length < k && !out.includes(i)) out.push(i);
  return out;
}
