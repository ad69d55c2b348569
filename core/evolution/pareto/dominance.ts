/** Pareto dominance under the minimisation convention used throughout the engine. */

/** True when `a` dominates `b`: no worse in every objective and strictly better in at least one. */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let strictly = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/**
 * Deb's constrained domination: a feasible solution (violation 0) beats an infeasible one; of two infeasible
 * ones the smaller total violation wins; two feasible ones compare by Pareto dominance.
 */
export function constrainedDominates(
  a: ArrayLike<number>,
  cvA: number,
  b: ArrayLike<number>,
  cvB: number,
): boolean {
  if (cvA > 0 || cvB > 0) return cvA < cvB;
  return dominates(a, b);
}
