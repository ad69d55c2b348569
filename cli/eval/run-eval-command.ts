import { resolve } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { FailedCheckError, NotFoundError, UsageError } from '../../core/errors.ts';
import {
  DEFAULT_MAX_ERROR_RATE,
  type ErrorDigest,
  errorRateFailure,
  formatErrorDigest,
  mergeDigests,
  parseMaxErrorRate,
} from '../../core/evaluation/error-rate.ts';
import { createEventBus } from '../../core/event-bus.ts';
import type { EvalEvent } from '../../core/events.ts';
import { loadDataset, readTextFile } from '../../core/prompt/files.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { compareVersions } from '../../evaluator/run/compare-versions.ts';
import {
  type EvaluationEnvironment,
  evaluatePrompt,
  type PromptSource,
} from '../../evaluator/run/evaluate-prompt.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { evaluationEnvironment } from '../shared/evaluation-environment.ts';
import { intFlag, numberFlag } from '../shared/flags.ts';
import { jsonEventsWriter } from '../shared/json-events.ts';
import { findRepoRoot, resolvePromptArg } from '../shared/resolve-prompt.ts';
import { comparisonJson, formatComparison, formatReport, reportJson } from './format.ts';
import { progressBar } from './progress.ts';

export type EvalFlags = {
  resultsUrl?: string;
  provider?: string;
  dataset?: string;
  sample?: string;
  seed?: string;
  repeat?: string;
  against?: string;
  concurrency?: string;
  cache?: boolean;
  json?: boolean;
  jsonEvents?: boolean;
  markdown?: boolean;
  budgetEvals?: string;
  budgetUsd?: string;
  judge?: string;
  maxErrorRate?: string;
};

/** Reads the prompt file at a git revision (the base of `--against`). */
async function promptAtRef(
  root: string,
  relPath: string,
  ref: string,
): Promise<{ text: string; commit: string }> {
  const { openGitRepository } = await import('../../adapters/git/isomorphic-git-repository.ts');
  const repo = await openGitRepository(root);
  const commit = await repo.resolveCommit(ref);
  if (!commit)
    throw new NotFoundError(`unknown git revision "${ref}"`, {
      hint: 'give a branch, tag or commit',
      location: { file: relPath },
    });
  const found = await repo.readFileAt(commit, relPath);
  if (!found) {
    throw new NotFoundError(`${relPath} does not exist at ${ref} (${commit.slice(0, 12)})`, {
      hint: 'a new prompt has no base to compare against; run without --against',
    });
  }
  return { text: found.text, commit };
}

export async function runEvalCommand(ctx: CliContext, promptArg: string, flags: EvalFlags): Promise<void> {
  if (flags.json && flags.markdown) throw new UsageError('--json and --markdown are exclusive');
  if (flags.jsonEvents && (flags.json || flags.markdown))
    throw new UsageError(`--json-events and ${flags.json ? '--json' : '--markdown'} are exclusive`, {
      hint: '--json-events prints the progress events on stdout and the report on stderr',
    });
  const sample = intFlag(flags.sample, '--sample', 1);
  const seed = intFlag(flags.seed, '--seed');
  const repeat = intFlag(flags.repeat, '--repeat', 1);
  const concurrency = intFlag(flags.concurrency, '--concurrency', 1);
  const budgetEvals = intFlag(flags.budgetEvals, '--budget-evals', 1);
  const budgetUsd = numberFlag(flags.budgetUsd, '--budget-usd');
  const maxErrorRate = parseMaxErrorRate(flags.maxErrorRate) ?? DEFAULT_MAX_ERROR_RATE;

  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const { absPath, relPath } = await resolvePromptArg(promptArg, ctx.cwd, root);
  const text = await readTextFile(absPath, 'prompt file');
  const parsed = parsePrompt(text, absPath);
  const rows = await loadDataset(
    parsed,
    flags.dataset ? { datasetPath: resolve(ctx.cwd, flags.dataset) } : {},
  );
  if (rows.length === 0) {
    throw new UsageError(`${relPath} has no test cases`, {
      hint: 'add testData to the prompt file or pass --dataset',
    });
  }
  const candidate: PromptSource = { file: relPath, name: parsed.name, data: parsed.data, text };

  const { store } = openCommandStore(ctx, { repoRoot: root, flag: flags.resultsUrl, config, mode: 'write' });
  const progress = progressBar(ctx.stderr);
  const bus = createEventBus<EvalEvent>(
    (error, event) => {
      ctx.stderr.write(
        `warning: a progress consumer failed on ${event.type}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    },
    [progress.listener, flags.jsonEvents ? jsonEventsWriter(ctx.stdout) : undefined],
  );
  // With --json-events stdout carries only the events: the report goes to stderr.
  const reportOut = flags.jsonEvents ? ctx.stderr : ctx.stdout;
  const env: EvaluationEnvironment = {
    ...evaluationEnvironment(ctx, root, config, {
      cache: flags.cache,
      budget: { maxEvaluations: budgetEvals, maxUsd: budgetUsd },
    }),
    store,
    onEvent: bus.emit,
    judgeModel: flags.judge,
  };
  const settings = { provider: flags.provider, sample, seed, repeat, concurrency, maxErrorRate };
  const style = flags.markdown ? 'markdown' : 'text';
  let stopped: { message: string } | undefined;
  let errors: ErrorDigest | undefined;
  try {
    if (flags.against) {
      const base = await promptAtRef(root, relPath, flags.against);
      const baseFile = `${relPath}@${flags.against}`;
      const baseParsed = parsePrompt(base.text, baseFile);
      const comparison = await compareVersions({
        base: { file: baseFile, name: parsed.name, data: baseParsed.data, text: base.text },
        candidate,
        rows,
        env,
        settings: { ...settings, note: { against: flags.against, againstCommit: base.commit } },
      });
      progress.end();
      reportOut.write(
        flags.json
          ? `${JSON.stringify(comparisonJson(comparison, flags.against), null, 2)}\n`
          : formatComparison(comparison, style, flags.against),
      );
      stopped = comparison.stopped;
      errors = mergeDigests(comparison.base.errors, comparison.candidate.errors);
    } else {
      const report = await evaluatePrompt(candidate, rows, env, settings);
      progress.end();
      reportOut.write(
        flags.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : formatReport(report, style),
      );
      stopped = report.stopped;
      errors = report.errors;
    }
  } finally {
    progress.end();
    await store.close();
  }
  // A run whose calls (mostly) failed is not a result: say why, and fail the command.
  const failure = errors && errorRateFailure(errors, maxErrorRate, { reported: Boolean(flags.json) });
  if (errors && failure) ctx.stderr.write(formatErrorDigest(errors));
  if (failure && !stopped) throw failure;
  if (stopped) {
    throw new FailedCheckError(`stopped early, results are partial: ${stopped.message}`, {
      reported: Boolean(flags.json),
    });
  }
}
