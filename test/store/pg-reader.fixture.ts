/**
 * A reading process for the distributed e2e test: `pg-reader.fixture.ts <url>` connects, prints `ready`, then
 * reads in a loop (every run, and each run's held-out winner evaluations), timing each read, until SIGTERM; it
 * then prints one JSON line `{reads, failures, maxMs, p95Ms}`. In its own process, a read's time is the
 * database's answer, not another task's turn on the event loop.
 */
import { PostgresResultsStore } from '../../evaluator/store/postgres/postgres-results-store.ts';

const url = process.argv[2] as string;
const reader = new PostgresResultsStore(url, { mode: 'read' });
await reader.listRuns();
process.stdout.write('ready\n');
let stop = false;
process.once('SIGTERM', () => (stop = true));
const ms: number[] = [];
let failures = 0;
const timed = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
  const t0 = performance.now();
  try {
    return await read();
  } catch {
    failures++;
    return undefined;
  } finally {
    ms.push(performance.now() - t0);
  }
};
while (!stop) {
  const runs = (await timed(() => reader.listRuns())) ?? [];
  for (const r of runs) await timed(() => reader.evaluations(`${r.id}/held-out/winner`));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await reader.close();
ms.sort((a, b) => a - b);
const at = (p: number) => Math.round((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0) * 10) / 10;
process.stdout.write(`${JSON.stringify({ reads: ms.length, failures, maxMs: at(1), p95Ms: at(0.95) })}\n`);
