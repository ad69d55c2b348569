/**
 * The dashboard benchmarks' data (bench/serve.ts for the API, bench/serve-render.ts for the browser): a git
 * repository with `prompts` × `versions` prompt versions made with `git fast-import`, and a DuckDB results store
 * (or any results store: bench/serve.ts fills a PostgreSQL one too) with `runs` runs of `cases` case rows each.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluationRecord, ResultsStore } from '../../core/ports/results-store.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';

export type Sizes = { prompts: number; versions: number; runs: number; cases: number };

const promptText = (p: number, v: number) =>
  `name: Prompt ${p}\nversion: ${v}\nmodel: simulated/ticket-triage\nmessages:\n  - role: system\n    content: "Classify the ticket. Revision ${v} of prompt ${p}."\n  - role: user\n    content: "{{ticket}}"\n`;

/** One fast-import stream: commit i changes prompt i % PROMPTS to its next version. */
export function makeRepo(dir: string, { prompts: PROMPTS, versions: VERSIONS }: Sizes): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const parts: string[] = [];
  const at = 1_767_225_600;
  const versions = new Array<number>(PROMPTS).fill(0);
  for (let i = 0; i < PROMPTS * VERSIONS; i++) {
    const p = i % PROMPTS;
    versions[p] = (versions[p] as number) + 1;
    const text = promptText(p, versions[p] as number);
    const msg = `p${p} v${versions[p]}`;
    parts.push(
      `commit refs/heads/main\nmark :${i + 1}\ncommitter Bench <b@e.st> ${at + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`,
      i > 0 ? `from :${i}\n` : '',
      `M 100644 inline prompts/p${p}.prompt.yml\ndata ${Buffer.byteLength(text)}\n${text}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'environments'));
  const pins = Array.from({ length: PROMPTS }, (_, p) => `  p${p}: ${VERSIONS - 1}`).join('\n');
  writeFileSync(join(dir, 'environments', 'production.yaml'), `prompts:\n${pins}\n`);
}

/** A DuckDB results store at `file` filled with `fillStore`; answers the run ids. */
export async function makeStore(file: string, sizes: Sizes): Promise<string[]> {
  return fillStore(new DuckDbResultsStore(file, { mode: 'write' }), sizes);
}

/** `runs` runs of `cases` case rows each (a third of them failing), written to `store`, which is then closed. */
export async function fillStore(
  store: ResultsStore,
  { prompts: PROMPTS, runs: RUNS, cases: CASES }: Sizes,
): Promise<string[]> {
  const ids: string[] = [];
  const started = Date.parse('2026-01-01T00:00:00Z');
  for (let r = 0; r < RUNS; r++) {
    const id = `run-${String(r).padStart(5, '0')}`;
    ids.push(id);
    await store.saveRun({
      id,
      kind: r % 10 === 0 ? 'compare' : 'eval',
      promptName: `p${r % PROMPTS}`,
      promptFile: `prompts/p${r % PROMPTS}.prompt.yml`,
      provider: 'simulated/ticket-triage',
      simulated: true,
      status: 'completed',
      startedAt: new Date(started + r * 60_000).toISOString(),
      finishedAt: new Date(started + r * 60_000 + 5000).toISOString(),
      options: { sample: CASES },
      summary: { evaluations: CASES, metrics: [{ name: 'exact-label', kind: 'objective', mean: 0.5 }] },
    });
    const rows: EvaluationRecord[] = Array.from({ length: CASES }, (_, c) => ({
      runId: id,
      seq: c,
      promptHash: `h${r % PROMPTS}`,
      caseId: String(c),
      caseIndex: c,
      repeat: 0,
      output: c % 3 === 0 ? 'bug' : 'billing',
      metrics: { 'exact-label': c % 3 === 0 ? 0 : 1 },
      passes: { 'exact-label': c % 3 !== 0 },
      latencyMs: 100 + (c % 50),
      inputTokens: 80,
      outputTokens: 2,
      costUsd: 0.00004,
      model: 'simulated/ticket-triage',
      cached: false,
      createdAt: new Date(started + r * 60_000).toISOString(),
    }));
    await store.appendEvaluations(rows);
  }
  await store.close();
  return ids;
}
