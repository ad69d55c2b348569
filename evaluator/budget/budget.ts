import { EvohubError } from '../../core/errors.ts';
import type {
  Budget,
  BudgetLimits,
  BudgetUsage,
  Reservation,
  ReservationRequest,
} from '../../core/ports/budget.ts';

/** The run reached its budget: it stops before crossing it. Carries the figures for the report. */
export class BudgetExceeded extends EvohubError {
  readonly limit: 'evaluations' | 'usd';
  readonly max: number;
  /** Spent plus in flight when the reservation was refused. */
  readonly committed: number;
  readonly requested: number;

  constructor(limit: 'evaluations' | 'usd', max: number, committed: number, requested: number) {
    const what =
      limit === 'usd'
        ? `USD budget of $${max} reached: $${committed.toFixed(6)} spent or in flight, the next call may cost up to $${requested.toFixed(6)}`
        : `evaluation budget of ${max} reached: ${committed} evaluations spent or in flight`;
    super('BUDGET', `${what}; stopping before crossing it`, {
      hint: 'raise the budget (evolution.budget in the prompt file, or --budget-evals / --budget-usd) to continue',
    });
    this.name = 'BudgetExceeded';
    this.limit = limit;
    this.max = max;
    this.committed = committed;
    this.requested = requested;
  }
}

export function isBudgetExceeded(e: unknown): e is BudgetExceeded {
  return e instanceof BudgetExceeded;
}

/** Float sums of exact prices must not refuse the last affordable call. */
const EPSILON = 1e-12;

/** The in-process budget (one coordinator). */
export class MemoryBudget implements Budget {
  readonly limits: BudgetLimits;
  #spentEvals = 0;
  #spentUsd = 0;
  #heldEvals = 0;
  #heldUsd = 0;
  #next = 0;
  #exhausted = false;
  readonly #open = new Map<string, Reservation>();
  #waiters: (() => void)[] = [];

  constructor(limits: BudgetLimits = {}) {
    this.limits = limits;
  }

  /**
   * Refuses when the request cannot fit even if every call in flight spends nothing more; waits while it only
   * fails to fit because of calls in flight (their reservations are worst cases and usually settle lower), so
   * that many concurrent calls near the ceiling neither cross it nor stop the run early.
   */
  async reserve(request: ReservationRequest): Promise<Reservation> {
    const evaluations = request.evaluations ?? 1;
    const usd = Math.max(0, request.usd);
    for (;;) {
      this.#refuseIfImpossible(evaluations, usd);
      if (this.#fits(evaluations, usd)) break;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    const reservation: Reservation = { id: String(++this.#next), evaluations, usd };
    this.#open.set(reservation.id, reservation);
    this.#heldEvals += evaluations;
    this.#heldUsd += usd;
    return reservation;
  }

  #refuseIfImpossible(evaluations: number, usd: number): void {
    const { maxEvaluations, maxUsd } = this.limits;
    if (
      maxEvaluations !== undefined &&
      (this.#exhausted || this.#spentEvals + evaluations > maxEvaluations)
    ) {
      this.#exhausted = true;
      throw new BudgetExceeded(
        'evaluations',
        maxEvaluations,
        this.#spentEvals + this.#heldEvals,
        evaluations,
      );
    }
    if (maxUsd !== undefined && (this.#exhausted || this.#spentUsd + usd > maxUsd + EPSILON)) {
      this.#exhausted = true;
      throw new BudgetExceeded('usd', maxUsd, this.#spentUsd + this.#heldUsd, usd);
    }
  }

  #fits(evaluations: number, usd: number): boolean {
    const { maxEvaluations, maxUsd } = this.limits;
    if (this.#open.size === 0) return true;
    if (maxEvaluations !== undefined && this.#spentEvals + this.#heldEvals + evaluations > maxEvaluations)
      return false;
    if (maxUsd !== undefined && this.#spentUsd + this.#heldUsd + usd > maxUsd + EPSILON) return false;
    return true;
  }

  async settle(reservation: Reservation, actual: { usd: number; evaluations?: number }): Promise<void> {
    if (!this.#drop(reservation)) return;
    this.#spentEvals += actual.evaluations ?? reservation.evaluations;
    this.#spentUsd += Math.max(0, actual.usd);
  }

  async release(reservation: Reservation): Promise<void> {
    this.#drop(reservation);
  }

  async usage(): Promise<BudgetUsage> {
    return {
      evaluations: this.#spentEvals,
      usd: this.#spentUsd,
      reservedEvaluations: this.#heldEvals,
      reservedUsd: this.#heldUsd,
      exhausted: this.#exhausted,
    };
  }

  /** Settling or releasing twice is a no-op rather than a double count. */
  #drop(reservation: Reservation): boolean {
    const open = this.#open.get(reservation.id);
    if (!open) return false;
    this.#open.delete(reservation.id);
    this.#heldEvals -= open.evaluations;
    this.#heldUsd -= open.usd;
    // Let waiting reservations re-check (after this settlement is booked).
    const waiters = this.#waiters;
    this.#waiters = [];
    queueMicrotask(() => {
      for (const wake of waiters) wake();
    });
    return true;
  }
}
