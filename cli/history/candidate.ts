/**
 * A stored candidate as a prompt file: `show name@<hash>` prints it, `promote`/`propose --candidate` commit it.
 * Its text is the prompt file of the working tree with the candidate's fields put in (comments and layout kept);
 * a committed candidate also gets the next version number and its lineage, as an evolve winner does.
 */
import { stringify } from 'yaml';
import type { GitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { readEvohubConfig } from '../../core/config/index.ts';
import { ConflictError } from '../../core/errors.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { setPromptFields, stringifyPrompt } from '../../core/prompt/serialize.ts';
import type { PromptFile } from '../../core/prompt/types.ts';
import { type ResolveDeps, resolvePrompt } from '../../core/revision.ts';
import { type ResolvedCandidate, resolveCandidate } from '../../evaluator/store/resolve-candidate.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';

export type CandidateFile = ResolvedCandidate & { path: string; text: string; data: PromptFile };

/** Looks the candidate up in the results store (read-only) and renders its file. */
export async function openCandidate(
  ctx: CliContext,
  o: { root: string; deps: ResolveDeps; name: string; prefix: string; what: string; resultsUrl?: string },
): Promise<CandidateFile> {
  const config = await readEvohubConfig(o.root);
  const { store } = openCommandStore(ctx, { repoRoot: o.root, flag: o.resultsUrl, config, mode: 'read' });
  const found = await resolveCandidate(store, o.name, o.prefix, o.what).finally(() => store.close());
  const content = found.version.content as PromptFile;
  const current = await resolvePrompt(o.deps, { name: o.name, rev: null, text: o.name }).catch(() => null);
  if (!current) {
    const text = stringify(content);
    return { ...found, path: `prompts/${o.name}.prompt.yml`, text, data: content };
  }
  const parsed = parsePrompt(current.text, current.path);
  // Fields the candidate does not have are removed; the rest take the candidate's values.
  const patch: Partial<PromptFile> = Object.fromEntries(Object.keys(parsed.data).map((k) => [k, undefined]));
  const next = setPromptFields(parsed, { ...patch, ...content });
  return { ...found, path: current.path, text: stringifyPrompt(next), data: next.data };
}

/** YAML comments naming where a candidate comes from (for `show`: the output stays a valid prompt file). */
export function candidateNote(c: ResolvedCandidate): string {
  const l = c.lineage;
  const lines = [
    `# evohub candidate ${c.version.hash} (from the results store, not a commit)`,
    `# evaluated by: ${c.runs.length > 0 ? c.runs.join(', ') : 'no stored evaluation'}`,
    `# parents: ${c.version.parents.length > 0 ? c.version.parents.join(', ') : 'none'}`,
  ];
  if (l) lines.push(`# made by: run ${l.runId}, generation ${l.generation}, operator ${l.operator}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Commits the candidate onto `evohub/<name>/candidate-<hash12>` from `base` (never the current branch), with the
 * next version number and its lineage. Running it again finds the same commit.
 */
export async function commitCandidate(
  repo: GitRepository,
  c: CandidateFile,
  name: string,
  base: string,
): Promise<{ branch: string; commit: string; text: string }> {
  const short = c.version.hash.slice(0, 12);
  const branch = `evohub/${name}/candidate-${short}`;
  const baseText = (await repo.readFileAt(base, c.path))?.text;
  const baseVersion = baseText ? parsePrompt(baseText, c.path).data.version : undefined;
  const l = c.lineage;
  const parsed = parsePrompt(c.text, c.path);
  const text = stringifyPrompt(
    setPromptFields(parsed, {
      version: (baseVersion ?? 0) + 1,
      lineage: {
        parents: c.version.parents,
        ...(l ? { runId: l.runId, generation: l.generation, operator: l.operator, fitness: l.fitness } : {}),
      },
    }),
  );
  const existing = await repo.resolveCommit(`refs/heads/${branch}`);
  if (existing) {
    if ((await repo.readFileAt(existing, c.path))?.text === text) return { branch, commit: existing, text };
    throw new ConflictError(`branch ${branch} already exists with other content`, {
      hint: `delete it (git branch -D ${branch}) or promote its commit directly`,
    });
  }
  const made = l ? `\n\nRun ${l.runId}, generation ${l.generation}, operator ${l.operator}.\n` : '\n';
  const message = `evohub: ${name} candidate ${short}${made}`;
  const commit = await repo.commitToBranch(branch, [{ path: c.path, content: text }], message, base);
  return { branch, commit, text };
}
