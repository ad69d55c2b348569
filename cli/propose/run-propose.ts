/**
 * `evohub propose <run-id>`: reads the stored run, refuses one whose winner was not accepted, renders the
 * evidence and publishes it: push the run's branch and open (or update) the pull request on GitHub, or record
 * the proposal under `.evohub/proposals/` with the local forge. The token is read from its variable in the
 * injected env and handed only to the forge and the push (never printed, never stored).
 */
import { readEvohubConfig } from '../../core/config/index.ts';
import { FailedCheckError, GitError } from '../../core/errors.ts';
import { evidenceFromRun, proposalRefusal } from '../../core/pr/evidence-from-run.ts';
import { type ProposalEvidence, proposalTitle, renderProposalBody } from '../../core/pr/proposal-body.ts';
import { publishProposal } from '../../core/pr/publish.ts';
import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import type { CandidateChoice } from './candidate-branch.ts';
import { forgeClients } from './forge-clients.ts';
import { originUrl, resolveForgeTarget, type TargetFlags } from './forge-target.ts';

export type ProposeFlags = TargetFlags & {
  base?: string;
  /** Where the run is stored (default: `results:` in evohub.yaml, else .evohub/results.duckdb). */
  resultsUrl?: string;
  force?: boolean;
  json?: boolean;
  /** Override evohub.yaml's `github.labels` / `github.reviewers` (the operator passes an EvolutionRun's). */
  labels?: string[];
  reviewers?: string[];
  /** A non-winning candidate of the run (hash or unique prefix) to propose instead of its winner. */
  candidate?: string;
};

export type ProposeResult =
  | {
      runId: string;
      proposed: true;
      forge: 'github' | 'local';
      action: 'created' | 'updated';
      number: number;
      url: string;
      branch: string;
      base: string;
      branchCreated: boolean;
      labels: string[];
      reviewers: string[];
      evidence: ProposalEvidence;
    }
  | { runId: string; proposed: false; reason: string };

export async function runPropose(
  ctx: CliContext,
  runId: string,
  flags: ProposeFlags,
): Promise<ProposeResult> {
  const result = await propose(ctx, runId, flags);
  if (flags.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!result.proposed) {
    if (!flags.json) ctx.stdout.write(`evohub: ${result.reason}\n`);
    throw new FailedCheckError(result.reason, { reported: true });
  }
  if (!flags.json) {
    const verb = result.action === 'created' ? 'Opened' : 'Updated';
    const what = result.forge === 'local' ? `proposal #${result.number}` : `pull request #${result.number}`;
    ctx.stdout.write(
      `${verb} ${what} for run ${runId}: ${result.url}\n  ${result.branch} → ${result.base}\n`,
    );
  }
  return result;
}

/** The work without the printing; `ci evolve` calls it too. A run that cannot be proposed is a result, not an error. */
export async function propose(ctx: CliContext, runId: string, flags: ProposeFlags): Promise<ProposeResult> {
  const root = findRepoRoot(ctx.cwd);
  // Flags first: a bad --forge or --repo is a usage error before anything is read.
  const target = resolveForgeTarget(flags, ctx.env, await originUrl(root));
  const { readStoredEvolveRun } = await import('../../evaluator/evolve/stored-run.ts');
  const { openCommandStore } = await import('../db/command-store.ts');
  const opened = openCommandStore(ctx, {
    repoRoot: root,
    flag: flags.resultsUrl,
    config: await readEvohubConfig(root),
    mode: 'read',
  });
  const stored = await readStoredEvolveRun(root, runId, opened).finally(() => opened.store.close());
  const { openGitRepository } = await import('../../adapters/git/isomorphic-git-repository.ts');
  const repo = await openGitRepository(root);
  let branch: string;
  let chosen: CandidateChoice | undefined;
  if (flags.candidate) {
    // A front member chosen by a person: no held-out refusal (the body says it is not the run's winner).
    if (stored.report.status === 'running')
      return { runId, proposed: false, reason: `run ${runId} has not finished` };
    const { commitRunCandidate } = await import('./candidate-branch.ts');
    chosen = await commitRunCandidate(ctx, repo, root, stored.report, flags);
    branch = chosen.branch;
  } else {
    const refusal = proposalRefusal(stored.report);
    if (refusal) return { runId, proposed: false, reason: refusal };
    branch = stored.report.branch as string;
  }
  const resolveBranch = (b: string) => repo.resolveCommit(`refs/heads/${b}`);
  const tip = await resolveBranch(branch);
  if (!tip) {
    throw new GitError(`branch ${branch} of run ${runId} is not in this repository`, {
      hint: 'propose from the clone that ran `evohub evolve` (the branch and .evohub/results.duckdb live there)',
    });
  }
  // A branch left pointing at a half-written object (a full disk) is never proposed.
  await repo.verifyCommit(tip, `branch ${branch} of run ${runId}`);

  const config = await readEvohubConfig(root);
  const labels = flags.labels ?? config.github?.labels ?? [];
  const reviewers = flags.reviewers ?? config.github?.reviewers ?? [];
  const base = flags.base ?? config.github?.baseBranch;
  const { forge, branches } = await forgeClients(ctx, root, target, resolveBranch, base);

  const evidence = evidenceFromRun(stored);
  const published = await publishProposal(forge, branches, {
    head: branch,
    ...(base ? { base } : {}),
    title: chosen ? chosen.title : proposalTitle(evidence),
    body: (chosen ? chosen.preface : '') + renderProposalBody(evidence),
    labels,
    reviewers,
    ...(flags.force ? { force: true } : {}),
    ...(target.kind === 'github' ? { tokenVariable: target.tokenVariable } : {}),
  });
  return {
    runId,
    proposed: true,
    forge: target.kind,
    action: published.action,
    number: published.pullRequest.number,
    url: published.pullRequest.url,
    branch,
    base: published.pullRequest.base.ref,
    branchCreated: published.branchCreated,
    labels,
    reviewers,
    evidence,
  };
}
