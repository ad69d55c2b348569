/**
 * The append-only audit log of write actions (`.evohub/audit.jsonl`): who (the key's id, or `local` for an
 * unauthenticated loopback request), what, when and the result. Each entry is one `appendFile` of one line, so
 * concurrent writers never interleave within a line and nothing already written is ever rewritten.
 */
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readTextOrNull } from '../adapters/git/working-tree.ts';
import { mkdirInEvohub } from '../core/fs/evohub-dir.ts';

export type AuditEntry = {
  /** ISO 8601. */
  at: string;
  /** The API key's id, or `local` (loopback without --auth). */
  who: string;
  /** `promote`, `propose`, `evolve`. */
  action: string;
  /** What it acted on, e.g. `ticket-triage@3 → production`. */
  target: string;
  result: 'ok' | 'error';
  /** The error's message, or a short outcome (a commit, a run id). */
  detail: string;
};

export type AuditLog = {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. Lines that do not parse (a torn last line after a crash) are skipped. */
  read(): Promise<AuditEntry[]>;
};

export function fileAuditLog(file: string): AuditLog {
  return {
    append: async (entry) => {
      await mkdirInEvohub(dirname(file));
      await appendFile(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
    },
    read: async () => {
      const text = (await readTextOrNull(file)) ?? '';
      const out: AuditEntry[] = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          out.push(JSON.parse(line) as AuditEntry);
        } catch {
          // A line cut short by a crash: the rest of the log still reads.
        }
      }
      return out.reverse();
    },
  };
}
