/**
 * The budget port: a hard ceiling in evaluations and USD that every paid call reserves against. Implemented
 * in-process (evaluator/budget/budget.ts, MemoryBudget) and in Redis for the queue's workers
 * (evaluator/redis/redis-budget.ts). Types only.
 */

/** Hard ceilings; an absent field is unlimited. */
export type BudgetLimits = { maxEvaluations?: number; maxUsd?: number };

/** What one paid call may cost at most (`usd` from `worstCaseCost`), held until it is settled or released. */
export type ReservationRequest = { evaluations?: number; usd: number };

export type Reservation = { readonly id: string; readonly evaluations: number; readonly usd: number };

export type BudgetUsage = {
  /** Settled (spent) amounts. */
  evaluations: number;
  usd: number;
  /** Held by calls in flight. */
  reservedEvaluations: number;
  reservedUsd: number;
  /** True once a reservation was refused: the run must stop. */
  exhausted: boolean;
};

/**
 * A hard ceiling in evaluations and USD. Every paid call reserves its worst case BEFORE it is made and settles
 * the actual cost after, so spent + in flight never exceeds the limits. Async so that a shared implementation
 * (Redis, for distributed workers) fits the same interface.
 */
export interface Budget {
  readonly limits: BudgetLimits;
  /**
   * Holds the worst case of one call. Throws `BudgetExceeded` when it can never fit (nothing is reserved then,
   * and every later reservation is refused too: the run stops); may wait for calls in flight to settle.
   */
  reserve(request: ReservationRequest): Promise<Reservation>;
  /** Replaces the reservation by the actual cost (`usd` ≤ reserved unless the pricing table is wrong). */
  settle(reservation: Reservation, actual: { usd: number; evaluations?: number }): Promise<void>;
  /** Gives a reservation back unspent (the call failed before the provider could bill it). */
  release(reservation: Reservation): Promise<void>;
  usage(): Promise<BudgetUsage>;
}
