/** The gate's decision log (written by `evohub gate`) and `ab analyze` over HTTP. */
import { readTextOrNull } from '../../adapters/git/working-tree.ts';
import { UsageError } from '../../core/errors.ts';
import type { GateDecisionRecord } from '../../core/gate/decision-record.ts';
import { analyzeExperiment, parseAbInput } from '../../core/stats/index.ts';
import { formatReportJson } from '../../core/stats/report-format.ts';
import type { Router } from '../router.ts';

/** The log's records, oldest first; a torn line (a crash mid-append) is skipped. */
export async function readDecisions(file: string): Promise<GateDecisionRecord[]> {
  const text = (await readTextOrNull(file)) ?? '';
  const out: GateDecisionRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as GateDecisionRecord);
    } catch {
      // skipped: see above
    }
  }
  return out;
}

const MAX_AB_BYTES = 1_000_000;

export function canaryRoutes(r: Router): void {
  const { deps } = r;
  r.get('/api/v1/canary/decisions', 'read', async (c) => {
    const rollout = c.req.query('rollout');
    const all = await readDecisions(deps.decisionLog);
    const rollouts = [...new Set(all.map((d) => d.rollout))].sort();
    return { rollouts, decisions: rollout ? all.filter((d) => d.rollout === rollout) : all };
  });

  r.post('/api/v1/ab/analyze', 'read', async (c) => {
    const text = await c.req.text();
    if (text.length > MAX_AB_BYTES) throw new UsageError(`the A/B document is over ${MAX_AB_BYTES} bytes`);
    // The CLI's JSON report, so the page shows exactly what `evohub ab analyze --json` prints.
    return JSON.parse(formatReportJson(analyzeExperiment(parseAbInput(text, 'request body'))));
  });
}
