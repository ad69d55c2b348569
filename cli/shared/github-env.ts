/**
 * What a GitHub Actions job hands a step: the event payload (GITHUB_EVENT_PATH), the repository, the API URL,
 * and the files for outputs and the job summary. Read from the injected env, never from process.env.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.ts';
import type { RepoRef } from '../../core/ports/forge.ts';

type Env = Readonly<Record<string, string | undefined>>;

export type PullRequestEvent = {
  number: number;
  base: { ref: string; sha: string; repoFullName: string };
  head: { ref: string; sha: string; repoFullName: string | null };
  /** The head branch lives in a fork: the workflow's token is read-only there. */
  fromFork: boolean;
};

type Side = { ref?: unknown; sha?: unknown; repo?: { full_name?: unknown } | null };

export async function readPullRequestEvent(env: Env): Promise<PullRequestEvent> {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) {
    throw new UsageError('GITHUB_EVENT_PATH is not set', {
      hint: '`evohub ci pr` runs in a GitHub Actions job triggered by pull_request; locally, use `evohub eval --against`',
    });
  }
  let payload: { pull_request?: { number?: unknown; base?: Side; head?: Side } };
  try {
    payload = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `cannot read the event payload ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const pr = payload.pull_request;
  const ok = (s: Side | undefined) => typeof s?.ref === 'string' && typeof s.sha === 'string';
  if (!pr || typeof pr.number !== 'number' || !ok(pr.base) || !ok(pr.head)) {
    throw new UsageError(`the event in ${file} is not a pull_request event`, {
      location: { file, field: '/pull_request' },
      hint: 'run `evohub ci pr` on: pull_request (or pull_request_target)',
    });
  }
  const base = pr.base as Required<Side>;
  const head = pr.head as Required<Side>;
  const baseRepo = String(base.repo?.full_name ?? env.GITHUB_REPOSITORY ?? '');
  const headRepo = typeof head.repo?.full_name === 'string' ? head.repo.full_name : null;
  return {
    number: pr.number,
    base: { ref: String(base.ref), sha: String(base.sha), repoFullName: baseRepo },
    head: { ref: String(head.ref), sha: String(head.sha), repoFullName: headRepo },
    fromFork: headRepo !== baseRepo,
  };
}

export function repoFromEnv(env: Env, flag?: string): RepoRef {
  const value = flag ?? env.GITHUB_REPOSITORY;
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(value ?? '');
  if (!m) {
    throw new UsageError(
      value ? `invalid repository "${value}"` : 'no repository: GITHUB_REPOSITORY is not set',
      {
        hint: 'pass --repo owner/name',
      },
    );
  }
  return { owner: m[1] as string, repo: m[2] as string };
}

/** Appends `name=value` lines to GITHUB_OUTPUT (multi-line values in the heredoc form); no-op outside Actions. */
export async function writeOutputs(env: Env, outputs: Record<string, string>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  let text = '';
  for (const [k, v] of Object.entries(outputs)) {
    if (v.includes('\n')) {
      const delimiter = `EOF_${randomUUID()}`;
      text += `${k}<<${delimiter}\n${v}\n${delimiter}\n`;
    } else {
      text += `${k}=${v}\n`;
    }
  }
  await appendFile(file, text);
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY); no-op outside Actions. */
export async function writeSummary(env: Env, markdown: string): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}
