/**
 * Preloaded (`node --import`) into a benchmarked CLI process: at exit, writes the whole process's CPU time (user
 * and system, every thread: getrusage(RUSAGE_SELF)) and peak RSS as JSON to the file named by
 * EVOHUB_BENCH_CPU_FILE, so the parent measures the child without a platform-specific rusage call.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.EVOHUB_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ userUs: r.userCPUTime, systemUs: r.systemCPUTime, maxRssKb: r.maxRSS }),
    );
  });
}
