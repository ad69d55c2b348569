import { UsageError } from '../../core/errors.ts';

/** A non-negative integer flag value (`min` or more), or a usage error naming the flag. */
export function intFlag(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${value}"`);
  }
  return Number(value);
}

export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} must be a number ≥ 0, got "${value}"`);
  }
  return n;
}
