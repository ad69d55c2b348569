/**
 * The pull request `evohub feedback pull` opens: title, body and commit message, from the plan. Pure. Everything
 * in it came from production (inputs, case ids, prompt names), so cells and the body go through the Markdown
 * helpers that escape control characters: a body is read in terminals too (`gh pr view`, `git log`).
 */
import { cell, finishBody } from '../pr/markdown.ts';
import { safeText } from '../text/safe-text.ts';
import type { FeedbackPlan } from './rows-plan.ts';

export function feedbackTitle(plan: FeedbackPlan): string {
  const n = plan.additions.reduce((s, a) => s + a.rows.length, 0);
  const prompts = [...new Set(plan.additions.map((a) => a.prompt))];
  return safeText(
    `evohub: ${n} test case${n === 1 ? '' : 's'} from production feedback (${prompts.join(', ')})`,
    { singleLine: true },
  );
}

/** GitHub refuses a body over 65,536 characters: a pull of thousands of cases lists the first ones. */
const MAX_TABLE_ROWS = 150;
const MAX_SKIPPED_LINES = 100;

/** Long inputs are cut in the table; the dataset row keeps them whole. */
const short = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);

export function feedbackBody(plan: FeedbackPlan, source: string): string {
  const lines = [
    `Flagged production outcomes from **${source}**, turned into dataset rows (PII redacted by the rules in evohub.yaml). Review them like any prompt change: fix or add \`expected\` where the flag did not say what the answer should be.`,
    '',
    '| dataset | case | reason | variables |',
    '|---|---|---|---|',
  ];
  let shown = 0;
  let rows = 0;
  for (const a of plan.additions) {
    rows += a.rows.length;
    a.rows.forEach((row, i) => {
      if (shown++ >= MAX_TABLE_ROWS) return;
      const fb = row.feedback as { reason?: string };
      const vars = Object.entries(row)
        .filter(([k]) => k !== 'feedback' && k !== 'expected')
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('; ');
      lines.push(
        `| ${cell(a.dataset)} | ${cell(a.caseIds[i] ?? '')} | ${cell(fb.reason ?? '')} | ${cell(short(vars))} |`,
      );
    });
  }
  if (rows > MAX_TABLE_ROWS) lines.push('', `… and ${rows - MAX_TABLE_ROWS} more row(s): see the diff.`);
  if (plan.skipped.length > 0) {
    lines.push('', `<details><summary>${plan.skipped.length} case(s) skipped</summary>`, '');
    for (const s of plan.skipped.slice(0, MAX_SKIPPED_LINES))
      lines.push(`- ${s.id} (${s.prompt}): ${s.reason}`);
    if (plan.skipped.length > MAX_SKIPPED_LINES)
      lines.push(`- … and ${plan.skipped.length - MAX_SKIPPED_LINES} more`);
    lines.push('', '</details>');
  }
  return finishBody(`${lines.join('\n')}\n`);
}
