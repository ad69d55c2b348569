/** `--since`: a duration back from now (`30m`, `24h`, `7d`) or an ISO date/time. */
import { UsageError } from '../../core/errors.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (m) return new Date(now.getTime() - Number(m[1]) * (UNITS[m[2] as string] as number));
  const t = Date.parse(text);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(`--since must be a duration like 24h, 7d, 30m or an ISO date, got "${text}"`);
  }
  return new Date(t);
}
