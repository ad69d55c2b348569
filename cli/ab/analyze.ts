import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FailedCheckError, NotFoundError, UsageError } from '../../core/errors.ts';
import { analyzeExperiment, parseAbInput } from '../../core/stats/index.ts';
import { formatReportJson, formatReportMarkdown, formatReportText } from '../../core/stats/report-format.ts';
import type { CliContext } from '../context.ts';

export type AbAnalyzeFlags = { json?: boolean; markdown?: boolean; check?: boolean };

async function readInput(ctx: CliContext, file: string): Promise<{ text: string; name: string }> {
  if (file === '-') return { text: await ctx.readStdin(), name: '<stdin>' };
  try {
    return { text: await readFile(path.resolve(ctx.cwd, file), 'utf8'), name: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`no such file: ${file}`, {
        location: { file },
        hint: 'pass a JSON file or - for stdin',
      });
    }
    throw error;
  }
}

/** `evohub ab analyze`: read, validate, analyse, print; with --check a rollback / srm-failed decision exits 1. */
export async function runAbAnalyze(ctx: CliContext, file: string, flags: AbAnalyzeFlags): Promise<void> {
  if (flags.json && flags.markdown) throw new UsageError('--json and --markdown cannot be combined');
  const { text, name } = await readInput(ctx, file);
  const report = analyzeExperiment(parseAbInput(text, name));
  const format = flags.json ? formatReportJson : flags.markdown ? formatReportMarkdown : formatReportText;
  ctx.stdout.write(format(report));
  if (flags.check && (report.decision === 'rollback' || report.decision === 'srm-failed')) {
    throw new FailedCheckError(`decision: ${report.decision} (${report.reason})`, { reported: true });
  }
}
