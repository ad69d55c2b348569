/**
 * [operator, issue 8] The coordinator Job's end: when its environment asks for a pull request
 * (`EVOHUB_PULL_REQUEST=true`, set by core/operator/job-builders.ts), propose the committed winner with
 * `propose(...)` — GitHub with a token and a GitHub origin, else the local forge record — and hand back the URL
 * (or the record's path) for the progress record. Refusals (no accepted winner) are results, not errors.
 */
import type { CliContext } from '../context.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Labels and reviewers from the EvolutionRun override evohub.yaml's `github:` section. */
export type PullRequestRequest = { base?: string; labels?: string[]; reviewers?: string[] };

function list(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** What the environment asks for; null when no pull request is wanted (variable unset or not `true`). */
export function pullRequestRequest(env: Env): PullRequestRequest | null {
  if ((env.EVOHUB_PULL_REQUEST ?? '').toLowerCase() !== 'true') return null;
  const labels = list(env.EVOHUB_PULL_REQUEST_LABELS);
  const reviewers = list(env.EVOHUB_PULL_REQUEST_REVIEWERS);
  return {
    ...(env.EVOHUB_PULL_REQUEST_BASE ? { base: env.EVOHUB_PULL_REQUEST_BASE } : {}),
    ...(labels ? { labels } : {}),
    ...(reviewers ? { reviewers } : {}),
  };
}

export type PullRequestOutcome = { url: string; forge: string; number: number } | { reason: string };

export async function proposeWinner(
  ctx: CliContext,
  runId: string,
  request: PullRequestRequest & { resultsUrl?: string },
): Promise<PullRequestOutcome> {
  const { propose } = await import('../propose/run-propose.ts');
  const r = await propose(ctx, runId, request);
  return r.proposed ? { url: r.url, forge: r.forge, number: r.number } : { reason: r.reason };
}
