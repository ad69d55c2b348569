/** `--since`: a duration back from now (`30m`, `24h`, `7d`) or an ISO date/time. */
import { UsageError } from '../../core/errors.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function bad(text: string, why = ''): UsageError {
  return new UsageError(
    `--since must be a duration like 24h, 7d, 30m or an ISO date, got "${text}"${why ? ` (${why})` : ''}`,
  );
}

export function parseSince(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (m) {
    const d = new Date(now.getTime() - Number(m[1]) * (UNITS[m[2] as string] as number));
    // 99999999999999d is before the first representable date: no silent "nothing found".
    if (Number.isNaN(d.getTime())) throw bad(text, 'too far back');
    return d;
  }
  const t = Date.parse(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (Number.isNaN(t) || !ymd) throw bad(text);
  // Date.parse rolls 2026-02-30 over to March 2; a day that does not exist is a typo.
  const day = new Date(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])));
  if (day.getUTCMonth() !== Number(ymd[2]) - 1 || day.getUTCDate() !== Number(ymd[3])) {
    throw bad(text, 'no such day');
  }
  return new Date(t);
}
