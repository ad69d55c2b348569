/**
 * `evohub ci pr`: in a pull_request job, evaluate every prompt file the pull request changes at base and head on
 * the same cases (the same function as `eval --against`), post or update one marked comment, write the job
 * summary and outputs, and fail on a significant regression beyond the threshold. A fork's read-only token
 * skips the comment with a message; the check itself still runs.
 */
import { join } from 'node:path';
import { FailedCheckError, ForgeError, GitError, isEvohubError, UsageError } from '../../core/errors.ts';
import {
  DEFAULT_MAX_ERROR_RATE,
  errorRateFailure,
  formatErrorDigest,
  mergeDigests,
  parseMaxErrorRate,
} from '../../core/evaluation/error-rate.ts';
import { changedPromptFiles } from '../../core/pr/changed-prompts.ts';
import {
  COMPARISON_MARKER,
  type ComparisonReport,
  type OverallVerdict,
  overallVerdict,
  type PromptComparison,
  renderComparisonComment,
} from '../../core/pr/comparison-comment.ts';
import { upsertMarkedComment } from '../../core/pr/upsert.ts';
import { loadDataset } from '../../core/prompt/files.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import type { EvaluationEnvironment } from '../../evaluator/run/evaluate-prompt.ts';
import type { CliContext } from '../context.ts';
import { intFlag, numberFlag } from '../shared/flags.ts';
import { readPullRequestEvent, repoFromEnv, writeOutputs, writeSummary } from '../shared/github-env.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { baseBranchConfig } from './base-config.ts';

export type CiPrFlags = {
  threshold?: string;
  gate?: string[];
  prompts?: string[];
  provider?: string;
  sample?: string;
  seed?: string;
  budgetEvals?: string;
  budgetUsd?: string;
  comment?: boolean;
  tokenEnv?: string;
  repo?: string;
  json?: boolean;
  maxErrorRate?: string;
};

export type CiPrResult = {
  verdict: OverallVerdict;
  comment: { action: 'created' | 'updated' | 'unchanged'; url: string } | { skipped: string } | null;
  report: ComparisonReport;
};

export async function runCiPr(ctx: CliContext, flags: CiPrFlags): Promise<CiPrResult> {
  const threshold = numberFlag(flags.threshold, '--threshold') ?? 0;
  if (threshold < 0) throw new UsageError('--threshold must be zero or more');
  const sample = intFlag(flags.sample, '--sample', 1);
  const seed = intFlag(flags.seed, '--seed');
  const budgetEvals = intFlag(flags.budgetEvals, '--budget-evals', 1);
  const budgetUsd = numberFlag(flags.budgetUsd, '--budget-usd');
  const maxErrorRate = parseMaxErrorRate(flags.maxErrorRate) ?? DEFAULT_MAX_ERROR_RATE;
  const event = await readPullRequestEvent(ctx.env);
  const tokenVariable = flags.tokenEnv ?? 'GITHUB_TOKEN';
  const wantComment = flags.comment !== false;

  const root = findRepoRoot(ctx.cwd);
  const { openGitRepository } = await import('../../adapters/git/isomorphic-git-repository.ts');
  const repo = await openGitRepository(root);
  for (const side of [event.base, event.head]) {
    if (!(await repo.resolveCommit(side.sha))) {
      throw new GitError(`commit ${side.sha.slice(0, 12)} (${side.ref}) is not in the checkout`, {
        hint: 'check out with full history: actions/checkout with fetch-depth: 0',
      });
    }
  }
  const changed = await changedPromptFiles(repo, event.base.sha, event.head.sha, flags.prompts ?? []);

  // The base branch's settings: a pull request cannot change endpoints, budgets or allowed provider modules for
  // its own check.
  const config = await baseBranchConfig(repo, event.base.sha, event.head.sha);
  const [{ evaluationEnvironment }, { compareVersions }] = await Promise.all([
    import('../shared/evaluation-environment.ts'),
    import('../../evaluator/run/compare-versions.ts'),
  ]);
  const env: EvaluationEnvironment = evaluationEnvironment(ctx, root, config, {
    budget: { maxEvaluations: budgetEvals, maxUsd: budgetUsd },
  });
  const settings = {
    provider: flags.provider,
    sample,
    seed,
    note: { ci: 'pr', pr: event.number },
    maxErrorRate,
  };
  const models = new Set<string>();
  const prompts: PromptComparison[] = [];
  for (const c of changed) {
    if (c.change !== 'modified') {
      prompts.push({ ...c, metrics: [] });
      continue;
    }
    try {
      const head = await repo.readFileAt(event.head.sha, c.path);
      const base = await repo.readFileAt(event.base.sha, c.path);
      if (!head || !base) throw new GitError(`${c.path} is missing at base or head`);
      // Parsed as the working-tree file, so a relative testData path resolves in the checkout.
      const parsed = parsePrompt(head.text, join(root, c.path));
      const baseParsed = parsePrompt(base.text, `${c.path}@${event.base.sha.slice(0, 7)}`);
      const rows = await loadDataset(parsed);
      const comparison = await compareVersions({
        base: { file: baseParsed.file, name: parsed.name, data: baseParsed.data, text: base.text },
        candidate: { file: c.path, name: parsed.name, data: parsed.data, text: head.text },
        rows,
        env,
        settings,
      });
      models.add(comparison.candidate.provider);
      // Calls that (mostly) failed make no comparison: the prompt is an error, with the first reasons.
      const errors = mergeDigests(comparison.base.errors, comparison.candidate.errors);
      const failure = errorRateFailure(errors, maxErrorRate);
      if (failure) {
        ctx.stderr.write(`${c.path}: ${formatErrorDigest(errors)}`);
        prompts.push({ ...c, metrics: comparison.metrics, error: failure.message });
      } else if (comparison.stopped) {
        prompts.push({
          ...c,
          metrics: comparison.metrics,
          error: `stopped early: ${comparison.stopped.message}`,
        });
      } else {
        prompts.push({ ...c, metrics: comparison.metrics });
      }
    } catch (e) {
      if (!isEvohubError(e)) throw e;
      prompts.push({ ...c, metrics: [], error: e.userMessage() });
    }
  }

  const report: ComparisonReport = {
    base: { ref: event.base.ref, sha: event.base.sha },
    head: { ref: event.head.ref, sha: event.head.sha },
    prompts,
    threshold,
    ...(flags.gate?.length ? { gate: flags.gate } : {}),
    models: [...models],
  };
  const verdict = overallVerdict(report);
  const markdown = renderComparisonComment(report);

  let comment: CiPrResult['comment'] = null;
  if (wantComment && changed.length > 0)
    comment = await postComment(ctx, flags, event, tokenVariable, markdown);
  if (comment && 'skipped' in comment) ctx.stderr.write(`evohub: ${comment.skipped}\n`);

  await writeSummary(ctx.env, markdown);
  await writeOutputs(ctx.env, {
    verdict,
    'changed-prompts': String(changed.length),
    'comment-url': comment && 'url' in comment ? comment.url : '',
  });
  const result: CiPrResult = { verdict, comment, report };
  if (flags.json) ctx.stdout.write(`${JSON.stringify({ verdict, comment, report }, null, 2)}\n`);
  else if (changed.length === 0) ctx.stdout.write('evohub: the pull request changes no prompt files\n');
  else ctx.stdout.write(markdown);
  if (verdict === 'regression' || verdict === 'error') {
    throw new FailedCheckError(
      verdict === 'regression'
        ? `significant regression beyond the threshold ${threshold} (see the comparison)`
        : 'some changed prompts could not be evaluated (see the comparison)',
    );
  }
  return result;
}

async function postComment(
  ctx: CliContext,
  flags: CiPrFlags,
  event: Awaited<ReturnType<typeof readPullRequestEvent>>,
  tokenVariable: string,
  markdown: string,
): Promise<CiPrResult['comment']> {
  const readOnly = `the comment is skipped: the token is read-only here (pull requests from forks get one; grant pull-requests: write otherwise); the check still ran`;
  if (event.fromFork)
    return {
      skipped: `pull request from a fork (${event.head.repoFullName ?? 'deleted fork'}): ${readOnly}`,
    };
  const { createGitHubForge } = await import('../../adapters/forge/github-forge.ts');
  const forge = createGitHubForge({
    repo: repoFromEnv(ctx.env, flags.repo),
    token: ctx.env[tokenVariable],
    tokenVariable,
    apiUrl: ctx.env.GITHUB_API_URL,
  });
  try {
    const r = await upsertMarkedComment(forge, event.number, COMPARISON_MARKER, markdown);
    return { action: r.action, url: r.comment.url };
  } catch (e) {
    if (e instanceof ForgeError && e.failure === 'forbidden') return { skipped: readOnly };
    throw e;
  }
}
