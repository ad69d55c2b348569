/**
 * `evohub show <name>@<rev>`: a prompt file's text at a revision, or its parsed form as JSON. A rev that no git
 * revision matches but that looks like a content hash (7+ hex characters) opens an evaluated candidate from the
 * results store.
 */
import { EvohubError } from '../../core/errors.ts';
import { parseRevisionSpec, type ResolvedPrompt, resolvePrompt } from '../../core/revision.ts';
import { looksLikeCandidateHash } from '../../evaluator/store/resolve-candidate.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from './open-repo.ts';

export type ShowJson = {
  name: string;
  path: string;
  rev: string | null;
  resolvedBy: ResolvedPrompt['resolvedBy'] | 'candidate';
  commit: string | null;
  version: number | null;
  contentHash: string;
  data: unknown;
  /** Set when resolved from the results store: the runs that evaluated it, its parents and lineage record. */
  candidate?: {
    runs: string[];
    evaluationRuns: string[];
    parents: string[];
    lineage: { runId: string; generation: number; operator: string; fitness: Record<string, number> } | null;
  };
};

/** How a resolved file is labelled in messages: `prompts/x.prompt.yml@3 (1a2b3c4)`. */
export function revisionLabel(r: ResolvedPrompt): string {
  if (r.commit === null) return `${r.path} (working tree)`;
  return `${r.path}@${r.rev} (${r.commit.slice(0, 7)})`;
}

export type ShowOptions = { json?: boolean; resultsUrl?: string };

export async function runShow(ctx: CliContext, specText: string, opts: ShowOptions): Promise<void> {
  const { deps } = await openCliRepository(ctx);
  const spec = parseRevisionSpec(specText);
  let resolved: ResolvedPrompt;
  try {
    resolved = await resolvePrompt(deps, spec);
  } catch (error) {
    if (!(error instanceof EvohubError) || spec.rev === null || !looksLikeCandidateHash(spec.rev))
      throw error;
    await showCandidate(ctx, deps, spec.name, spec.rev, opts, error);
    return;
  }
  if (!opts.json) {
    ctx.stdout.write(resolved.text.endsWith('\n') ? resolved.text : `${resolved.text}\n`);
    return;
  }
  // Only --json parses (and so loads the schema validator); plain `show` stays fast.
  const { parsePrompt } = await import('../../core/prompt/parse.ts');
  const { promptContentHash } = await import('../../core/prompt/hash.ts');
  const parsed = parsePrompt(resolved.text, revisionLabel(resolved));
  const out: ShowJson = {
    name: resolved.name,
    path: resolved.path,
    rev: resolved.rev,
    resolvedBy: resolved.resolvedBy,
    commit: resolved.commit,
    version: parsed.data.version ?? null,
    contentHash: promptContentHash(parsed.data),
    data: parsed.data,
  };
  ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** `show name@<hash>` of a candidate; when the store has none either, the git resolver's error stands. */
async function showCandidate(
  ctx: CliContext,
  deps: Awaited<ReturnType<typeof openCliRepository>>['deps'],
  name: string,
  rev: string,
  opts: ShowOptions,
  gitError: EvohubError,
): Promise<void> {
  // Loaded only here: the results store (DuckDB, pg) stays out of a plain `show`.
  const { candidateNote, openCandidate } = await import('./candidate.ts');
  // Also lazy: resolve-prompt.ts loads the prompt parser and schema validator (ajv, yaml).
  const { findRepoRoot } = await import('../shared/resolve-prompt.ts');
  const root = findRepoRoot(ctx.cwd);
  const what = `${name}@${rev}`;
  const c = await openCandidate(ctx, {
    root,
    deps,
    name,
    prefix: rev,
    what,
    resultsUrl: opts.resultsUrl,
  }).catch((error: unknown) => {
    if (error instanceof EvohubError && error.code === 'NOT_FOUND') {
      throw new EvohubError(gitError.code, `${gitError.message}; ${error.message}`, {
        hint: gitError.hint,
        exitCode: gitError.exitCode,
      });
    }
    throw error;
  });
  if (!opts.json) {
    ctx.stdout.write(candidateNote(c) + (c.text.endsWith('\n') ? c.text : `${c.text}\n`));
    return;
  }
  const { promptContentHash } = await import('../../core/prompt/hash.ts');
  const out: ShowJson = {
    name,
    path: c.path,
    rev,
    resolvedBy: 'candidate',
    commit: null,
    version: c.data.version ?? null,
    contentHash: promptContentHash(c.data),
    data: c.data,
    candidate: {
      runs: c.runs,
      evaluationRuns: c.evaluationRuns,
      parents: c.version.parents,
      lineage: c.lineage
        ? {
            runId: c.lineage.runId,
            generation: c.lineage.generation,
            operator: c.lineage.operator,
            fitness: c.lineage.fitness,
          }
        : null,
    },
  };
  ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
