/**
 * Appends each gate evaluation to the decision log (`.evohub/gate-decisions.jsonl` under the working directory,
 * or EVOHUB_GATE_LOG) for the dashboard's canary page. A log that cannot be written is reported on stderr and
 * never changes the decision: the gate's exit status is what the rollout acts on.
 */
import { appendFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';
import type { GateResult } from '../../core/gate/decide.ts';
import { decisionRecord } from '../../core/gate/decision-record.ts';
import type { CliContext } from '../context.ts';

export async function logDecision(ctx: CliContext, result: GateResult): Promise<void> {
  const file = resolve(ctx.cwd, ctx.env.EVOHUB_GATE_LOG || '.evohub/gate-decisions.jsonl');
  try {
    await mkdirInEvohub(dirname(file));
    await appendFile(file, `${JSON.stringify(decisionRecord(result, ctx.env.EVOHUB_ROLLOUT))}\n`, 'utf8');
  } catch (error) {
    ctx.stderr.write(`evohub gate: warning: decision not logged to ${file}: ${(error as Error).message}\n`);
  }
}
