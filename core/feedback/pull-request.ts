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

/** Long inputs are cut in the table; the dataset row keeps them whole. */
const short = (s: string) => (s.length > 120 ? `${s.slice(0, 119)}…` : s);

export function feedbackBody(plan: FeedbackPlan, source: string): string {
  const lines = [
    `Flagged production outcomes from **${source}**, turned into dataset rows (PII redacted by the rules in evohub.yaml). Review them like any prompt change: fix or add \`expected\` where the flag did not say what the answer should be.`,
    '',
    '| dataset | case | reason | variables |',
    '|---|---|---|---|',
  ];
  for (const a of plan.additions) {
    a.rows.forEach((row, i) => {
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
  if (plan.skipped.length > 0) {
    lines.push('', `<details><summary>${plan.skipped.length} case(s) skipped</summary>`, '');
    for (const s of plan.skipped) lines.push(`- ${s.id} (${s.prompt}): ${s.reason}`);
    lines.push('', '</details>');
  }
  return finishBody(`${lines.join('\n')}\n`);
}
