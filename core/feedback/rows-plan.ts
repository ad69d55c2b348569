/**
 * The pure plan of `evohub feedback pull`: which flagged cases become which dataset rows. A case becomes a row
 * of its prompt's dataset (its variables, `expected` when known, and where it came from under `feedback`),
 * unless it nearly duplicates an existing row or a row already planned (MinHash/LSH confirmed by exact Jaccard
 * over the variables' text), or names a prompt the repository lacks.
 */
import { NearDuplicateSet } from '../similarity/index.ts';
import type { FeedbackCase } from './feedback-case.ts';

export type DatasetRowOut = Record<string, unknown>;

export type PromptTarget = {
  prompt: string;
  /** Repository-relative JSONL dataset file. */
  dataset: string;
  existing: readonly Record<string, unknown>[];
};

export type SkippedCase = { id: string; prompt: string; reason: string };

export type FeedbackPlan = {
  /** dataset path → rows to append, in case order. */
  additions: { prompt: string; dataset: string; rows: DatasetRowOut[]; caseIds: string[] }[];
  skipped: SkippedCase[];
};

/** The text two rows are compared on: their variables (not `expected` nor provenance), keys sorted. */
export function rowText(row: Record<string, unknown>): string {
  const vars = Object.entries(row)
    .filter(([k]) => k !== 'expected' && k !== 'feedback')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return vars.map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
}

export function caseToRow(c: FeedbackCase): DatasetRowOut {
  return {
    ...c.variables,
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    feedback: {
      case: c.id,
      time: c.time,
      version: c.version,
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.output !== undefined ? { output: c.output } : {}),
    },
  };
}

/** `proposed`: case id → the unmerged feedback branch that adds it already (see cli/feedback/feedback-targets.ts). */
export function planFeedbackRows(
  cases: readonly FeedbackCase[],
  targets: ReadonlyMap<string, PromptTarget>,
  threshold: number,
  proposed: ReadonlyMap<string, string> = new Map(),
): FeedbackPlan {
  const additions = new Map<string, FeedbackPlan['additions'][number]>();
  const sets = new Map<string, { set: NearDuplicateSet<string>; pulled: Set<string> }>();
  const skipped: SkippedCase[] = [];
  const seenIds = new Set<string>();
  for (const c of cases) {
    if (seenIds.has(c.id)) continue;
    seenIds.add(c.id);
    const target = targets.get(c.prompt);
    if (!target) {
      skipped.push({ id: c.id, prompt: c.prompt, reason: 'no such prompt (or it has no JSONL dataset)' });
      continue;
    }
    let entry = sets.get(c.prompt);
    if (!entry) {
      entry = { set: new NearDuplicateSet<string>(threshold), pulled: new Set() };
      for (const [i, row] of target.existing.entries()) {
        const caseId = (row.feedback as { case?: unknown } | undefined)?.case;
        if (typeof caseId === 'string') entry.pulled.add(caseId);
        entry.set.add(`row ${i + 1}`, rowText(row));
      }
      sets.set(c.prompt, entry);
    }
    // A case pulled before (its id is in the dataset already) is not a new case.
    if (entry.pulled.has(c.id)) {
      skipped.push({ id: c.id, prompt: c.prompt, reason: 'already in the dataset' });
      continue;
    }
    // Waiting for review on another branch: proposing it again would open a second pull request with it.
    const branch = proposed.get(c.id);
    if (branch !== undefined) {
      skipped.push({ id: c.id, prompt: c.prompt, reason: `already proposed on ${branch}` });
      continue;
    }
    const set = entry.set;
    const row = caseToRow(c);
    const text = rowText(row);
    const dup = set.find(text);
    if (dup) {
      skipped.push({
        id: c.id,
        prompt: c.prompt,
        reason: `near duplicate of ${dup.key} (similarity ${dup.similarity.toFixed(2)})`,
      });
      continue;
    }
    set.add(`case ${c.id}`, text);
    const a = additions.get(target.dataset) ?? {
      prompt: c.prompt,
      dataset: target.dataset,
      rows: [],
      caseIds: [],
    };
    a.rows.push(row);
    a.caseIds.push(c.id);
    additions.set(target.dataset, a);
  }
  return { additions: [...additions.values()], skipped };
}
