/** Pieces of the progress displays of eval and evolve: durations and a bar. */

/** 850 ms → "0.9s", 75 s → "1m15s", 2 h → "2h00m". */
export function duration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The remaining time at the rate so far; undefined before anything is done. */
export function eta(elapsedMs: number, done: number, total: number): number | undefined {
  if (done <= 0 || total <= done) return done > 0 ? 0 : undefined;
  return (elapsedMs / done) * (total - done);
}

export function bar(done: number, total: number, width = 24): string {
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
