/**
 * How many calls of a run failed, and the first distinct reasons. A run where every call failed (no network, a
 * wrong key) must not look like a finished run with empty scores: it is `failed`; one where more than
 * `--max-error-rate` of its calls failed is `completed-with-errors`. Both make the command exit 1.
 */
import { FailedCheckError, UsageError } from '../errors.ts';

export const DEFAULT_MAX_ERROR_RATE = 0.1;

export type ErrorDigest = {
  total: number;
  failed: number;
  /** failed / total (0 for an empty run). */
  rate: number;
  /** The first distinct messages (first line, shortened), in order of first appearance, with their counts. */
  distinct: { message: string; count: number }[];
  /** Distinct messages beyond the ones listed. */
  moreKinds: number;
};

export type ErrorVerdict = 'ok' | 'all-failed' | 'above-max-rate';

const MAX_MESSAGE = 240;

function shorten(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** Folds `error` fields (already redacted by the providers) into a digest; `limit` distinct messages kept. */
export function digestErrors(records: Iterable<{ error?: string }>, limit = 3): ErrorDigest {
  let total = 0;
  let failed = 0;
  const counts = new Map<string, number>();
  for (const r of records) {
    total++;
    if (r.error === undefined) continue;
    failed++;
    const m = shorten(r.error);
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const all = [...counts.entries()].map(([message, count]) => ({ message, count }));
  return {
    total,
    failed,
    rate: total === 0 ? 0 : failed / total,
    distinct: all.slice(0, limit),
    moreKinds: Math.max(0, all.length - limit),
  };
}

export function mergeDigests(a: ErrorDigest, b: ErrorDigest, limit = 3): ErrorDigest {
  const counts = new Map<string, number>();
  for (const d of [...a.distinct, ...b.distinct])
    counts.set(d.message, (counts.get(d.message) ?? 0) + d.count);
  const all = [...counts.entries()].map(([message, count]) => ({ message, count }));
  const total = a.total + b.total;
  const failed = a.failed + b.failed;
  return {
    total,
    failed,
    rate: total === 0 ? 0 : failed / total,
    distinct: all.slice(0, limit),
    moreKinds: a.moreKinds + b.moreKinds + Math.max(0, all.length - limit),
  };
}

export function errorVerdict(d: ErrorDigest, maxRate = DEFAULT_MAX_ERROR_RATE): ErrorVerdict {
  if (d.total > 0 && d.failed === d.total) return 'all-failed';
  if (d.rate > maxRate) return 'above-max-rate';
  return 'ok';
}

/** The run status a finished (not budget-stopped) run gets. */
export function statusForErrors(
  d: ErrorDigest,
  maxRate = DEFAULT_MAX_ERROR_RATE,
): 'completed' | 'failed' | 'completed-with-errors' {
  const v = errorVerdict(d, maxRate);
  return v === 'all-failed' ? 'failed' : v === 'above-max-rate' ? 'completed-with-errors' : 'completed';
}

/** Lines for the terminal: how many failed and the first distinct errors with their counts. */
export function formatErrorDigest(d: ErrorDigest): string {
  const pct = (100 * d.rate).toFixed(d.rate < 0.01 && d.rate > 0 ? 2 : 0);
  const lines = [`${d.failed} of ${d.total} calls failed (${pct}%); first distinct errors:`];
  for (const e of d.distinct) lines.push(`  ${e.count}× ${e.message}`);
  if (d.moreKinds > 0) lines.push(`  … and ${d.moreKinds} other kinds of error (export the run to see them)`);
  return `${lines.join('\n')}\n`;
}

/** The failure to throw after the report is printed, or undefined when the run's errors are within bounds. */
export function errorRateFailure(
  d: ErrorDigest,
  maxRate = DEFAULT_MAX_ERROR_RATE,
  opts: { reported?: boolean } = {},
): FailedCheckError | undefined {
  const v = errorVerdict(d, maxRate);
  if (v === 'ok') return undefined;
  const first = d.distinct[0]?.message ?? '';
  const message =
    v === 'all-failed'
      ? `all ${d.total} calls failed (first error: ${first})`
      : `${d.failed} of ${d.total} calls failed (${(100 * d.rate).toFixed(1)}%), more than --max-error-rate ${maxRate} allows`;
  return new FailedCheckError(message, {
    reported: opts.reported,
    hint:
      v === 'all-failed'
        ? 'check the network, the provider URL and the API key'
        : 'see the errors above; raise --max-error-rate to accept them',
  });
}

/** `--max-error-rate`: a fraction in [0, 1]. */
export function parseMaxErrorRate(value: string | undefined, flag = '--max-error-rate'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new UsageError(`${flag} must be a fraction between 0 and 1, got "${value}"`);
  }
  return n;
}
