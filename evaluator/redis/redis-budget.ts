import { randomUUID } from 'node:crypto';
import type {
  Budget,
  BudgetLimits,
  BudgetUsage,
  Reservation,
  ReservationRequest,
} from '../../core/ports/budget.ts';
import { BudgetExceeded } from '../budget/budget.ts';
import { keysOf } from './connection.ts';
import type { RedisEval } from './redis-rate-limiter.ts';

/**
 * Reserve, atomically across all workers, with the semantics of `MemoryBudget`: refuse (and mark the budget
 * exhausted) when the request cannot fit even if every call in flight spends nothing more; reserve when it fits
 * with everything in flight; otherwise tell the caller to wait. A reservation whose lease ran out (its worker
 * died mid-call) is counted as spent at its worst case: the provider may have billed it, and the ceiling must
 * hold. KEYS: state hash, reservations hash. ARGV: maxEvals|'', maxUsd|'', evals, usd, id, leaseMs.
 */
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxE = tonumber(ARGV[1])
local maxU = tonumber(ARGV[2])
local e = tonumber(ARGV[3])
local u = tonumber(ARGV[4])
local eps = 1e-12
local function num(f) return tonumber(redis.call('HGET', KEYS[1], f) or '0') end
local function fits()
  if redis.call('HLEN', KEYS[2]) == 0 then return true end
  if maxE and num('spentE') + num('heldE') + e > maxE then return false end
  if maxU and num('spentU') + num('heldU') + u > maxU + eps then return false end
  return true
end
if not fits() then
  local open = redis.call('HGETALL', KEYS[2])
  for i = 1, #open, 2 do
    local re, ru, deadline = string.match(open[i + 1], '([^ ]+) ([^ ]+) ([^ ]+)')
    if tonumber(deadline) < now then
      redis.call('HDEL', KEYS[2], open[i])
      redis.call('HINCRBYFLOAT', KEYS[1], 'heldE', -tonumber(re))
      redis.call('HINCRBYFLOAT', KEYS[1], 'heldU', -tonumber(ru))
      redis.call('HINCRBYFLOAT', KEYS[1], 'spentE', tonumber(re))
      redis.call('HINCRBYFLOAT', KEYS[1], 'spentU', tonumber(ru))
    end
  end
end
local exhausted = redis.call('HGET', KEYS[1], 'exhausted') == '1'
local committedE = num('spentE') + num('heldE')
local committedU = num('spentU') + num('heldU')
if maxE and (exhausted or num('spentE') + e > maxE) then
  redis.call('HSET', KEYS[1], 'exhausted', '1')
  return {'refused', 'evaluations', tostring(committedE)}
end
if maxU and (exhausted or num('spentU') + u > maxU + eps) then
  redis.call('HSET', KEYS[1], 'exhausted', '1')
  return {'refused', 'usd', tostring(committedU)}
end
if not fits() then return {'wait'} end
redis.call('HSET', KEYS[2], ARGV[5], ARGV[3] .. ' ' .. ARGV[4] .. ' ' .. tostring(now + tonumber(ARGV[6])))
redis.call('HINCRBYFLOAT', KEYS[1], 'heldE', e)
redis.call('HINCRBYFLOAT', KEYS[1], 'heldU', u)
return {'ok'}
`;

/** Settle (ARGV: id, evals, usd) or release (ARGV: id): a no-op for an unknown or already closed reservation. */
const CLOSE_LUA = `
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
local re, ru = string.match(held, '([^ ]+) ([^ ]+)')
redis.call('HINCRBYFLOAT', KEYS[1], 'heldE', -tonumber(re))
redis.call('HINCRBYFLOAT', KEYS[1], 'heldU', -tonumber(ru))
if ARGV[2] then
  redis.call('HINCRBYFLOAT', KEYS[1], 'spentE', tonumber(ARGV[2]))
  redis.call('HINCRBYFLOAT', KEYS[1], 'spentU', tonumber(ARGV[3]))
end
return 1
`;

const CHARGE_LUA = `
redis.call('HINCRBYFLOAT', KEYS[1], 'spentE', tonumber(ARGV[1]))
redis.call('HINCRBYFLOAT', KEYS[1], 'spentU', tonumber(ARGV[2]))
return 1
`;

export interface RedisBudgetClient extends RedisEval {
  hgetall(key: string): Promise<Record<string, string>>;
}

export type RedisBudgetOptions = {
  redis: RedisBudgetClient;
  prefix: string;
  /** Which budget: every worker of one run uses the run's id, so they share one ceiling. */
  budgetId: string;
  limits: BudgetLimits;
  /** How long a reservation may stay open before it is counted as spent (default 15 minutes). */
  leaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The budget shared by a coordinator and all its workers. Spent plus in flight never exceeds the limits across
 * processes: every reservation is one atomic script. A reservation that only fails to fit because of calls in
 * flight on any worker waits (polling with backoff) for them to settle.
 */
export class RedisBudget implements Budget {
  readonly limits: BudgetLimits;
  readonly #opts: RedisBudgetOptions;
  readonly #keys: [string, string];
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(opts: RedisBudgetOptions) {
    this.limits = opts.limits;
    this.#opts = opts;
    const base = keysOf(opts.prefix).budget(opts.budgetId);
    // One hash slot (braces) so the scripts also run on Redis Cluster.
    this.#keys = [`${base}:{state}`, `${base}:{state}:open`];
    this.#sleep = opts.sleep ?? realSleep;
  }

  async reserve(request: ReservationRequest): Promise<Reservation> {
    const evaluations = request.evaluations ?? 1;
    const usd = Math.max(0, request.usd);
    const id = randomUUID();
    const { maxEvaluations, maxUsd } = this.limits;
    for (let attempt = 0; ; attempt++) {
      const reply = (await this.#opts.redis.eval(
        RESERVE_LUA,
        2,
        ...this.#keys,
        maxEvaluations ?? '',
        maxUsd ?? '',
        evaluations,
        usd,
        id,
        this.#opts.leaseMs ?? 15 * 60_000,
      )) as string[];
      if (reply[0] === 'ok') return { id, evaluations, usd };
      if (reply[0] === 'refused') {
        const limit = reply[1] === 'usd' ? 'usd' : 'evaluations';
        const max = (limit === 'usd' ? maxUsd : maxEvaluations) ?? 0;
        throw new BudgetExceeded(limit, max, Number(reply[2]), limit === 'usd' ? usd : evaluations);
      }
      await this.#sleep(Math.min(5 * 2 ** attempt, 200));
    }
  }

  async settle(reservation: Reservation, actual: { usd: number; evaluations?: number }): Promise<void> {
    await this.#opts.redis.eval(
      CLOSE_LUA,
      2,
      ...this.#keys,
      reservation.id,
      actual.evaluations ?? reservation.evaluations,
      Math.max(0, actual.usd),
    );
  }

  async release(reservation: Reservation): Promise<void> {
    await this.#opts.redis.eval(CLOSE_LUA, 2, ...this.#keys, reservation.id);
  }

  /**
   * Books an amount spent elsewhere (the coordinator's own calls) without a reservation, so the workers'
   * reservations see it. May take the budget over its ceiling: that only makes later reservations refuse.
   */
  async charge(amount: { evaluations: number; usd: number }): Promise<void> {
    await this.#opts.redis.eval(
      CHARGE_LUA,
      1,
      this.#keys[0],
      Math.max(0, amount.evaluations),
      Math.max(0, amount.usd),
    );
  }

  async usage(): Promise<BudgetUsage> {
    const s = await this.#opts.redis.hgetall(this.#keys[0]);
    const n = (f: string) => Math.max(0, Number(s[f] ?? 0));
    return {
      evaluations: Math.round(n('spentE')),
      usd: n('spentU'),
      reservedEvaluations: Math.round(n('heldE')),
      reservedUsd: n('heldU'),
      exhausted: s.exhausted === '1',
    };
  }
}
