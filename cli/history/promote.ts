/** `evohub promote <name>@<rev> --env <env>`: moves an environment's pin and commits that one file. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { listEnvironments, parseEnvironment, readEvohubConfig } from '../../core/config/index.ts';
import { ConfigError, NotFoundError, UsageError } from '../../core/errors.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import {
  parseRevisionSpec,
  type ResolvedPrompt,
  type RevisionSpec,
  resolvePrompt,
} from '../../core/revision.ts';
import type { CliContext } from '../context.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { checkPinMerged } from './merged-check.ts';
import { openCliRepository } from './open-repo.ts';

export type PromoteJson = {
  env: string;
  file: string;
  name: string;
  previous: number | string | null;
  pin: number | string;
  /** The commit evohub made; null when the pin was already there. */
  commit: string | null;
};

/**
 * The pin to write: the version number when it names exactly this content (the newest commit with that
 * version holds the same text), otherwise the full commit oid.
 */
async function pinFor(
  resolved: ResolvedPrompt,
  resolveVersion: (v: number) => Promise<ResolvedPrompt | null>,
): Promise<number | string> {
  if (resolved.resolvedBy === 'version') return resolved.version as number;
  const version = parsePrompt(resolved.text, resolved.path).data.version;
  if (typeof version === 'number') {
    const byVersion = await resolveVersion(version);
    if (byVersion?.text === resolved.text) return version;
  }
  return resolved.commit as string;
}

/** The new text of the environment file: the pin set, comments and key order kept. */
export function setPin(text: string, name: string, pin: number | string): string {
  const doc = parseDocument(text);
  const prompts = doc.get('prompts');
  if (!isMap(prompts)) doc.set('prompts', doc.createNode({}));
  const map = doc.get('prompts') as YAMLMap;
  // `prompts: {}` (or a new file) becomes a block mapping once it has a pin.
  if (map.items.length === 0) map.flow = false;
  doc.setIn(['prompts', name], pin);
  return doc.toString();
}

export type PromoteOptions = {
  env: string;
  create?: boolean;
  json?: boolean;
  requireMerged?: boolean;
  /** A stored candidate's hash (prefix): it is committed on its own branch first, and that commit is pinned. */
  candidate?: string;
  resultsUrl?: string;
};

/**
 * `--candidate <hash>`: commits the candidate on `evohub/<name>/candidate-<hash>` (from HEAD, the current branch
 * untouched) and returns the revision of that commit.
 */
async function candidateRevision(
  ctx: CliContext,
  specText: string,
  opts: PromoteOptions,
): Promise<RevisionSpec> {
  const named = parseRevisionSpec(specText);
  if (named.rev !== null) {
    throw new UsageError(`--candidate takes the prompt name alone, got "${specText}"`, {
      hint: `evohub promote ${named.name} --candidate ${opts.candidate} --env ${opts.env}`,
    });
  }
  const { repo, deps } = await openCliRepository(ctx);
  const { commitCandidate, openCandidate } = await import('./candidate.ts');
  const c = await openCandidate(ctx, {
    root: findRepoRoot(ctx.cwd),
    deps,
    name: named.name,
    prefix: opts.candidate as string,
    what: '--candidate',
    resultsUrl: opts.resultsUrl,
  });
  const base = await repo.head();
  if (!base) throw new UsageError('--candidate needs a repository with at least one commit');
  const { branch, commit } = await commitCandidate(repo, c, named.name, base);
  ctx.stderr.write(
    `candidate ${c.version.hash.slice(0, 12)} committed on ${branch} (${commit.slice(0, 7)})\n`,
  );
  return { name: named.name, rev: commit, text: `${named.name}@${commit}` };
}

export async function runPromote(ctx: CliContext, specText: string, opts: PromoteOptions): Promise<void> {
  const spec = opts.candidate ? await candidateRevision(ctx, specText, opts) : parseRevisionSpec(specText);
  if (spec.rev === null) {
    throw new UsageError(`promote needs a committed revision, got the working tree: ${specText}`, {
      hint: `commit the file, then e.g. evohub promote ${spec.name}@3 --env ${opts.env}`,
    });
  }
  if (!/^[\w.-]+$/.test(opts.env)) throw new UsageError(`invalid environment name: ${opts.env}`);
  const { repo, deps } = await openCliRepository(ctx);
  const file = `environments/${opts.env}.yaml`;
  let text: string | null = null;
  try {
    text = await readFile(path.join(repo.root, file), 'utf8');
  } catch (e) {
    // Only a missing file may start from empty: rewriting an unreadable one would drop its pins.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`${file} cannot be read: ${(e as Error).message}`, { location: { file } });
    }
  }
  if (text === null && !opts.create) {
    const known = await listEnvironments(repo.root);
    throw new NotFoundError(`no environment "${opts.env}" (${file} does not exist)`, {
      hint: known.length
        ? `known environments: ${known.join(', ')}; pass --create to start a new one`
        : 'pass --create to start it',
    });
  }
  const before = text ?? 'prompts: {}\n';
  const previous = parseEnvironment(before, file).prompts[spec.name] ?? null;

  const resolved = await resolvePrompt(deps, spec);
  const pin = await pinFor(resolved, async (v) =>
    // A version that does not resolve cannot be the pin: the commit oid (always exact) is written instead.
    resolvePrompt(deps, { name: resolved.path, rev: String(v), text: `${resolved.path}@${v}` }).catch(
      () => null,
    ),
  );
  // [issue 15 item 14] A pin should name merged work: warn, or refuse with --require-merged.
  if (resolved.commit) {
    const baseBranch = (await readEvohubConfig(repo.root)).github?.baseBranch ?? 'main';
    await checkPinMerged(
      (l) => ctx.stderr.write(l),
      repo.root,
      resolved.commit,
      baseBranch,
      Boolean(opts.requireMerged),
    );
  }
  const result: PromoteJson = { env: opts.env, file, name: spec.name, previous, pin, commit: null };
  if (previous !== pin) {
    const after = setPin(before, spec.name, pin);
    parseEnvironment(after, file);
    const shown = typeof pin === 'number' ? `version ${pin}` : pin.slice(0, 7);
    result.commit = await repo.commit(
      [{ path: file, content: after }],
      `promote ${spec.name} to ${shown} in ${opts.env}`,
    );
  }
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const from = previous === null ? 'unpinned' : String(previous);
  ctx.stdout.write(
    result.commit === null
      ? `${opts.env}: ${spec.name} already pinned to ${pin}; nothing to commit\n`
      : `${opts.env}: ${spec.name} ${from} → ${pin} (commit ${result.commit.slice(0, 7)})\n`,
  );
}
