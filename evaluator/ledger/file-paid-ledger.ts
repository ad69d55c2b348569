/**
 * The paid-call ledger of a run on disk: `.evohub/ledger/<run-id>.jsonl`, one line appended per paid call. An
 * append reaches the file before the call's answer is used, so a kill -9 loses no paid call.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  distinctCalls,
  ledgerTotals,
  type PaidLedger,
  parseLedgerLines,
} from '../../core/evolve/paid-ledger.ts';
import { mkdirInEvohub } from '../../core/fs/evohub-dir.ts';

export function ledgerPath(repoRoot: string, runId: string): string {
  return join(repoRoot, '.evohub', 'ledger', `${runId}.jsonl`);
}

async function readLedger(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

export function filePaidLedger(path: string): PaidLedger {
  let made = false;
  return {
    async record(call) {
      if (!made) {
        await mkdirInEvohub(join(path, '..'));
        made = true;
      }
      // One write of one line with O_APPEND: concurrent calls never interleave within a line.
      await appendFile(path, `${JSON.stringify(call)}\n`);
    },
    entries: async () => distinctCalls(parseLedgerLines(await readLedger(path))),
    totals: async () => ledgerTotals(parseLedgerLines(await readLedger(path))),
  };
}
