/**
 * `evohub ci evolve`, for schedule / workflow_dispatch jobs: run `evohub evolve` on a prompt, then `evohub
 * propose` on the run it made. A run whose winner is not accepted is a normal outcome here (nothing to
 * propose; the job passes, the summary says why). Writes the job summary and the outputs `pr-url`, `run-id`
 * and `proposed` (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT from the injected env).
 */
import { ForgeError, UsageError } from '../../core/errors.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import { renderProposalBody } from '../../core/pr/proposal-body.ts';
import type { CliContext } from '../context.ts';
import type { EvolveCommandFlags } from '../evolve/flags.ts';
import type { ProposeFlags, ProposeResult } from '../propose/run-propose.ts';
import { writeOutputs, writeSummary } from '../shared/github-env.ts';

export type CiEvolveFlags = Pick<
  EvolveCommandFlags,
  | 'algorithm'
  | 'population'
  | 'generations'
  | 'objectives'
  | 'budgetEvals'
  | 'budgetUsd'
  | 'seed'
  | 'optimizer'
> &
  Omit<ProposeFlags, 'json'> & { json?: boolean };

export type CiEvolveResult = { runId: string; evolve: EvolveReport; proposal: ProposeResult };

export async function runCiEvolve(
  ctx: CliContext,
  prompt: string | undefined,
  flags: CiEvolveFlags,
): Promise<CiEvolveResult> {
  if (!prompt) {
    throw new UsageError('name the prompt to evolve', { hint: 'npx evohub ci evolve <prompt>' });
  }
  // In a job (GITHUB_REPOSITORY set) a missing token must fail loudly rather than fall back to a local record,
  // and before the evolution spends anything.
  const forge = flags.forge ?? (ctx.env.GITHUB_REPOSITORY ? 'github' : undefined);
  const { findRepoRoot } = await import('../shared/resolve-prompt.ts');
  const { originUrl, resolveForgeTarget } = await import('../propose/forge-target.ts');
  const target = resolveForgeTarget(
    { ...flags, ...(forge ? { forge } : {}) },
    ctx.env,
    await originUrl(findRepoRoot(ctx.cwd)),
  );
  if (target.kind === 'github' && !target.token) {
    throw new ForgeError('unauthorized', `${target.tokenVariable} is not set`, {
      hint: `set ${target.tokenVariable} in the step's env (\${{ secrets.GITHUB_TOKEN }}) with contents: write and pull-requests: write`,
    });
  }
  const [{ runEvolveCommand }, { propose }, { formatEvolveReport }] = await Promise.all([
    import('../evolve/run-evolve-command.ts'),
    import('../propose/run-propose.ts'),
    import('../evolve/format.ts'),
  ]);
  // evolve's report is taken as JSON from its stdout (the command's one output), progress stays on stderr.
  let captured = '';
  const evolveCtx: CliContext = { ...ctx, stdout: { write: (c: string) => (captured += c) } };
  await runEvolveCommand(evolveCtx, prompt, {
    algorithm: flags.algorithm,
    population: flags.population,
    generations: flags.generations,
    objectives: flags.objectives,
    budgetEvals: flags.budgetEvals,
    budgetUsd: flags.budgetUsd,
    seed: flags.seed,
    optimizer: flags.optimizer,
    json: true,
  });
  const evolve = JSON.parse(captured) as EvolveReport;
  const proposal = await propose(ctx, evolve.runId, {
    repo: flags.repo,
    remote: flags.remote,
    base: flags.base,
    tokenEnv: flags.tokenEnv,
    force: flags.force,
    ...(forge ? { forge } : {}),
  });

  const prUrl = proposal.proposed ? proposal.url : '';
  const summary = proposal.proposed
    ? `${proposal.action === 'created' ? 'Opened' : 'Updated'} [#${proposal.number}](${proposal.url}) with the winner of run \`${evolve.runId}\`.\n\n${renderProposalBody(proposal.evidence)}`
    : `## evohub evolve: nothing to propose\n\n${proposal.reason}.\n`;
  await writeSummary(ctx.env, summary);
  await writeOutputs(ctx.env, {
    'pr-url': prUrl,
    'run-id': evolve.runId,
    proposed: String(proposal.proposed),
  });
  const result: CiEvolveResult = { runId: evolve.runId, evolve, proposal };
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    ctx.stdout.write(formatEvolveReport(evolve));
    ctx.stdout.write(
      proposal.proposed
        ? `${proposal.action === 'created' ? 'Opened' : 'Updated'} ${proposal.forge === 'local' ? 'proposal' : 'pull request'} #${proposal.number}: ${proposal.url}\n`
        : `evohub: ${proposal.reason}; no pull request\n`,
    );
  }
  return result;
}
