/**
 * `evohub propose <run-id> --candidate <hash>`: a Pareto-front member other than the winner, committed on its own
 * branch (`evohub/<name>/candidate-<hash>`, from HEAD) and proposed with the run's evidence under a preface that
 * says which candidate it is and that the held-out comparison below is the winner's.
 */
import type { GitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { UsageError } from '../../core/errors.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import { safeText } from '../../core/text/safe-text.ts';
import type { CliContext } from '../context.ts';
import { commitCandidate, openCandidate } from '../history/candidate.ts';
import { openCliRepository } from '../history/open-repo.ts';

export type CandidateChoice = {
  branch: string;
  commit: string;
  hash: string;
  title: string;
  preface: string;
};

export async function commitRunCandidate(
  ctx: CliContext,
  repo: GitRepository,
  root: string,
  report: EvolveReport,
  flags: { candidate?: string; resultsUrl?: string },
): Promise<CandidateChoice> {
  const { deps } = await openCliRepository(ctx);
  const name = report.prompt.name;
  const c = await openCandidate(ctx, {
    root,
    deps,
    name,
    prefix: flags.candidate as string,
    what: '--candidate',
    resultsUrl: flags.resultsUrl,
  });
  if (!c.runs.includes(report.runId)) {
    throw new UsageError(
      `--candidate ${flags.candidate}: candidate ${c.version.hash.slice(0, 12)} was not evaluated by run ${report.runId}`,
      { hint: c.runs.length > 0 ? `it was evaluated by ${c.runs.join(', ')}` : undefined },
    );
  }
  const base = await repo.head();
  if (!base) throw new UsageError('--candidate needs a repository with at least one commit');
  const { branch, commit } = await commitCandidate(repo, c, name, base);
  const short = c.version.hash.slice(0, 12);
  const l = c.lineage;
  const fitness = l
    ? Object.entries(l.fitness)
        .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
        .join(', ')
    : '';
  const winner = report.winner.hash === c.version.hash;
  const lines = [
    `> **Candidate \`${short}\`** of run ${report.runId}${winner ? ' (the run’s winner)' : ', chosen from the Pareto front: not the run’s winner'}.`,
  ];
  if (l)
    lines.push(
      `> Made in generation ${l.generation} by \`${l.operator}\`; selection-set scores: ${fitness || '–'}.`,
    );
  if (!winner) {
    lines.push(
      '> The held-out comparison below is the winner’s; this candidate was not measured on the held-out cases.',
    );
  }
  const preface = `${lines.join('\n>\n')}\n\n`;
  const title = safeText(`evohub: ${name} candidate ${short} (run ${report.runId})`, { singleLine: true });
  return { branch, commit, hash: c.version.hash, title, preface };
}
