import { formatLocation, type Problem } from '../../core/errors.ts';

export type FileKind = 'prompt' | 'dataset' | 'config' | 'environment';

/** One problem in `--json` output; line/column/field are null when unknown (e.g. a file that does not exist). */
export type ReportProblem = {
  line: number | null;
  column: number | null;
  field: string | null;
  message: string;
};

export type FileReport = { file: string; kind: FileKind; ok: boolean; problems: ReportProblem[] };

/** What `evohub validate --json` prints. */
export type ValidateReport = { ok: boolean; files: FileReport[] };

export function toReportProblem(p: Problem): ReportProblem {
  return {
    line: p.location.line ?? null,
    column: p.location.column ?? null,
    field: p.location.field ?? null,
    message: p.message,
  };
}

const KIND_WORDS: Record<FileKind, [string, string]> = {
  prompt: ['prompt', 'prompts'],
  dataset: ['dataset', 'datasets'],
  config: ['config', 'configs'],
  environment: ['environment', 'environments'],
};

function count(n: number, [one, many]: [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Problems as `file:line:col: message`, one per line, then a one-line summary. */
export function formatReport(report: ValidateReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const p of f.problems) {
      const loc = formatLocation({ file: f.file, line: p.line ?? undefined, column: p.column ?? undefined });
      lines.push(`${loc}: ${p.message}`);
    }
  }
  const kinds = (Object.keys(KIND_WORDS) as FileKind[])
    .map((k) => [k, report.files.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => count(n, KIND_WORDS[k]));
  const total = report.files.length;
  const files = count(total, ['file', 'files']);
  const breakdown = kinds.length ? ` (${kinds.join(', ')})` : '';
  if (report.ok) {
    lines.push(total === 0 ? 'validate: no prompt files found' : `validate: ${files} OK${breakdown}`);
  } else {
    const problems = report.files.reduce((n, f) => n + f.problems.length, 0);
    const bad = report.files.filter((f) => !f.ok).length;
    lines.push(`validate: ${count(problems, ['problem', 'problems'])} in ${bad} of ${files}${breakdown}`);
  }
  return `${lines.join('\n')}\n`;
}
