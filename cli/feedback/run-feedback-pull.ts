/**
 * `evohub feedback pull --from file|prometheus|postgres`: flagged production cases become dataset rows on a new
 * branch (made from HEAD without touching the working tree; the commit is written only once every row is
 * ready), de-duplicated against the existing rows with the similarity index, PII-redacted again by evohub.yaml's
 * rules, and proposed as a pull request through the same publishing path as `evohub propose`.
 */
import { join } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { GitError } from '../../core/errors.ts';
import type { FeedbackCase } from '../../core/feedback/feedback-case.ts';
import { compilePii, redactText, redactValue } from '../../core/feedback/pii.ts';
import { feedbackBody, feedbackTitle } from '../../core/feedback/pull-request.ts';
import { type FeedbackPlan, planFeedbackRows } from '../../core/feedback/rows-plan.ts';
import { publishProposal } from '../../core/pr/publish.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from '../history/open-repo.ts';
import { forgeClients } from '../propose/forge-clients.ts';
import { originUrl, resolveForgeTarget, type TargetFlags } from '../propose/forge-target.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { appendRows, feedbackTargets, proposedCaseIds } from './feedback-targets.ts';
import { parseSince } from './since.ts';

export type FeedbackPullFlags = TargetFlags & {
  from?: string;
  since?: string;
  url?: string;
  file?: string;
  prompt?: string;
  base?: string;
  branch?: string;
  dryRun?: boolean;
  json?: boolean;
};

export type FeedbackPullResult = {
  source: string;
  cases: number;
  added: number;
  plan: FeedbackPlan;
  proposal: {
    forge: 'github' | 'local';
    action: 'created' | 'updated';
    number: number;
    url: string;
    branch: string;
    base: string;
  } | null;
};

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
}

export async function runFeedbackPull(
  ctx: CliContext,
  flags: FeedbackPullFlags,
  now = new Date(),
): Promise<FeedbackPullResult> {
  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const settings = config.feedback ?? {};
  const since = parseSince(flags.since, now);
  const kind = flags.from ?? settings.from ?? 'file';
  // Flags first: a bad --forge or --repo is a usage error before anything is read.
  const target = flags.dryRun ? null : resolveForgeTarget(flags, ctx.env, await originUrl(root));
  const pii = compilePii(config.pii, join(root, 'evohub.yaml'));

  const { openFeedbackSource } = await import('../../adapters/feedback/sources.ts');
  const source = await openFeedbackSource(kind, { root, settings, flagUrl: flags.url, flagFile: flags.file });
  let cases: FeedbackCase[];
  try {
    cases = await source.read(since ? { since } : {});
  } finally {
    await source.close?.();
  }
  if (flags.prompt) cases = cases.filter((c) => c.prompt === flags.prompt);
  // Defence in depth: whatever the application's rules were, the repository's rules apply before a commit.
  cases = cases.map((c) => ({
    ...c,
    variables: redactValue(c.variables, pii) as Record<string, unknown>,
    ...(c.output !== undefined ? { output: redactText(c.output, pii) } : {}),
    ...(c.expected !== undefined ? { expected: redactValue(c.expected, pii) } : {}),
  }));

  const { repo } = await openCliRepository(ctx);
  const baseCommit = await repo.resolveCommit(flags.base ?? 'HEAD');
  if (!baseCommit) {
    throw new GitError(`no commit to branch from: ${flags.base ?? 'HEAD'}`, {
      hint: flags.base ? 'check --base' : 'commit the prompts first',
    });
  }
  const targets = await feedbackTargets(repo, baseCommit, new Set(cases.map((c) => c.prompt)));
  const prefix = settings.branchPrefix ?? 'evohub/feedback';
  const datasets = [...targets.values()].map((t) => t.dataset);
  const proposed = await proposedCaseIds(repo, prefix, datasets);
  const plan = planFeedbackRows(cases, targets, settings.nearDuplicate ?? 0.9, proposed);
  const added = plan.additions.reduce((s, a) => s + a.rows.length, 0);
  const result: FeedbackPullResult = {
    source: source.description,
    cases: cases.length,
    added,
    plan,
    proposal: null,
  };

  if (added > 0 && target) {
    const files: { path: string; content: string }[] = [];
    for (const a of plan.additions) {
      const current = (await repo.readFileAt(baseCommit, a.dataset))?.text ?? '';
      files.push({ path: a.dataset, content: appendRows(current, a.rows) });
    }
    const branch = flags.branch ?? `${prefix}/${stamp(now)}`;
    const title = feedbackTitle(plan);
    await repo.commitToBranch(branch, files, `${title}\n\nFrom ${source.description}.`, baseCommit);
    const base = flags.base ?? config.github?.baseBranch;
    const resolveBranch = (b: string) => repo.resolveCommit(`refs/heads/${b}`);
    const { forge, branches } = await forgeClients(ctx, root, target, resolveBranch, base);
    const published = await publishProposal(forge, branches, {
      head: branch,
      ...(base ? { base } : {}),
      title,
      body: feedbackBody(plan, source.description),
      labels: config.github?.labels ?? [],
      reviewers: config.github?.reviewers ?? [],
      ...(target.kind === 'github' ? { tokenVariable: target.tokenVariable } : {}),
    });
    result.proposal = {
      forge: target.kind,
      action: published.action,
      number: published.pullRequest.number,
      url: published.pullRequest.url,
      branch,
      base: published.pullRequest.base.ref,
    };
  }
  print(ctx, flags, result);
  return result;
}

function print(ctx: CliContext, flags: FeedbackPullFlags, r: FeedbackPullResult): void {
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(
    `${r.cases} flagged case(s) from ${r.source}: ${r.added} new row(s), ${r.plan.skipped.length} skipped\n`,
  );
  for (const a of r.plan.additions) ctx.stdout.write(`  + ${a.rows.length} row(s) → ${a.dataset}\n`);
  for (const s of r.plan.skipped) ctx.stdout.write(`  - ${s.id} (${s.prompt}): ${s.reason}\n`);
  if (r.proposal) {
    const what = r.proposal.forge === 'local' ? 'proposal' : 'pull request';
    ctx.stdout.write(
      `${r.proposal.action === 'created' ? 'Opened' : 'Updated'} ${what} #${r.proposal.number}: ${r.proposal.url}\n  ${r.proposal.branch} → ${r.proposal.base}\n`,
    );
  } else if (flags.dryRun && r.added > 0) ctx.stdout.write('dry run: nothing committed\n');
}
