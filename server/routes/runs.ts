/** Runs from the results store: the filtered list, one run, its per-case results, two runs compared. */
import { NotFoundError } from '../../core/errors.ts';
import type { ResultsStore, RunRecord } from '../../core/ports/results-store.ts';
import { boolQuery, idParam, paging } from '../params.ts';
import type { Router } from '../router.ts';
import { caseView, compareCases, metricNames } from './case-view.ts';

export async function runOr404(store: ResultsStore, id: string): Promise<RunRecord> {
  const run = await store.getRun(id);
  if (!run) throw new NotFoundError(`no run "${id}"`, { hint: 'list runs with GET /api/v1/runs' });
  return run;
}

/**
 * The evaluations that stand for a run: its own, or for an evolve run (whose candidates are stored under sub-run
 * ids) those of its held-out report, the winner's by default.
 */
async function caseRows(store: ResultsStore, run: RunRecord, part: string | undefined) {
  const own = await store.evaluations(run.id);
  if (own.length > 0 || run.kind !== 'evolve') return { source: run.id, rows: own };
  const which = part === 'baseline' ? 'baseline' : 'winner';
  const source = `${run.id}/held-out/${which}`;
  return { source, rows: await store.evaluations(source) };
}

/** A run as the list shows it: an evolve run's full report (`summary.evolve`) is left to its own page. */
function listed(run: RunRecord): RunRecord {
  const summary = run.summary as Record<string, unknown> | undefined;
  if (!summary || typeof summary !== 'object' || !('evolve' in summary)) return run;
  const { evolve: _, ...rest } = summary;
  return { ...run, summary: rest };
}

const newestFirst = (a: RunRecord, b: RunRecord) =>
  a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0;

type CaseView = ReturnType<typeof caseView>;

function matches(e: CaseView, failed: boolean, q: string): boolean {
  if (failed && !e.failed) return false;
  if (!q) return true;
  const hay = [
    e.caseId,
    e.output,
    e.error ?? '',
    JSON.stringify(e.inputs ?? ''),
    JSON.stringify(e.expected ?? ''),
  ];
  return hay.some((s) => s.toLowerCase().includes(q));
}

export function runRoutes(r: Router): void {
  const { store } = r.deps;
  r.get('/api/v1/runs', 'read', async (c) => {
    const { limit, offset } = paging((k) => c.req.query(k));
    const kind = c.req.query('kind');
    const prompt = c.req.query('prompt');
    const status = c.req.query('status');
    const runs = (await store.listRuns())
      .filter(
        (x) =>
          (!kind || x.kind === kind) &&
          (!prompt || x.promptName === prompt) &&
          (!status || x.status === status),
      )
      .sort(newestFirst);
    return { total: runs.length, limit, offset, runs: runs.slice(offset, offset + limit).map(listed) };
  });

  r.get('/api/v1/runs/compare', 'read', async (c) => {
    const a = idParam(c.req.query('a'), 'a');
    const b = idParam(c.req.query('b'), 'b');
    const [ra, rb] = await Promise.all([runOr404(store, a), runOr404(store, b)]);
    const [ea, eb] = await Promise.all([caseRows(store, ra, undefined), caseRows(store, rb, undefined)]);
    return { a, b, ...compareCases(ea.rows, eb.rows) };
  });

  r.get('/api/v1/runs/:id', 'read', async (c) => runOr404(store, idParam(c.req.param('id'))));

  r.get('/api/v1/runs/:id/cases', 'read', async (c) => {
    const id = idParam(c.req.param('id'));
    const run = await runOr404(store, id);
    const { limit, offset } = paging((k) => c.req.query(k), 100);
    const failed = boolQuery(c.req.query('failed'), 'failed');
    const q = (c.req.query('q') ?? '').toLowerCase().slice(0, 200);
    const { source, rows } = await caseRows(store, run, c.req.query('part'));
    const all = rows.map(caseView).filter((e) => matches(e, failed, q));
    return {
      runId: id,
      source,
      metrics: metricNames(rows),
      total: all.length,
      limit,
      offset,
      cases: all.slice(offset, offset + limit),
    };
  });
}
