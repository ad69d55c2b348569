/**
 * Prompt revisions: `name` (the working tree), `name@<version>`, `name@<env>`, `name@<branch|tag|commit>`.
 *
 * An ambiguous `rev` is tried in this order, first match wins:
 *   1. all digits            → the `version` field (newest commit in HEAD's history whose file has it);
 *                              if no such version and it has 4+ digits, it is also tried as an abbreviated oid (4)
 *   2. environment           → the pin in `environments/<rev>.yaml` (a version, or a commit-ish from 3–4)
 *   3. ref                   → `HEAD`, branch, tag (annotated tags peeled), remote branch, full ref, `~N`/`^N`
 *   4. commit oid            → full or abbreviated (4+ hex digits)
 *
 * Parsing is pure; resolution reads through the git port and an injected working-tree reader.
 */
import { NotFoundError, UsageError } from './errors.ts';
import type { PromptRepository, PromptVersionRef } from './ports/prompt-repository.ts';

export type RevisionSpec = {
  /** The prompt's name (file stem) or a repository-relative path to its file. */
  name: string;
  /** null for the working tree. */
  rev: string | null;
  /** What the user typed. */
  text: string;
};

export function parseRevisionSpec(text: string): RevisionSpec {
  const at = text.lastIndexOf('@');
  const name = (at < 0 ? text : text.slice(0, at)).trim();
  const rev = at < 0 ? null : text.slice(at + 1).trim();
  if (name === '') {
    throw new UsageError(`"${text}" names no prompt`, { hint: 'write <name>@<rev>, e.g. ticket-triage@3' });
  }
  if (rev === '') {
    throw new UsageError(`"${text}" has an empty revision after @`, {
      hint: 'write <name>@<version|env|branch|tag|commit>, or just <name> for the working tree',
    });
  }
  return { name, rev, text };
}

export type ResolvedBy = 'worktree' | 'version' | 'environment' | 'ref' | 'commit';

export type ResolvedPrompt = {
  name: string;
  /** Repository-relative path of the prompt file. */
  path: string;
  rev: string | null;
  resolvedBy: ResolvedBy;
  /** null for the working tree. */
  commit: string | null;
  /** The file's `version` in that revision (null when it has none). Filled by the caller after parsing. */
  version: number | null;
  text: string;
};

/** The working tree and pin reading, injected so that this module does no I/O itself. */
export type WorkingTree = {
  /** Prompt file paths (repository-relative) in the working tree. */
  promptFiles(): Promise<string[]>;
  /** A file's text, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
  /** The pins of `environments/<env>.yaml`, or null when that file does not exist. */
  environmentPins(env: string): Promise<Record<string, number | string> | null>;
  /**
   * One prompt's pin there (`pin` undefined when not pinned), or null when the file does not exist; optional, for
   * readers that can answer without reading every pin (100,000 of them). Without it, environmentPins is used.
   */
  environmentPin?(env: string, name: string): Promise<{ pin: number | string | undefined } | null>;
};

export type ResolveDeps = {
  repo: PromptRepository;
  worktree: WorkingTree;
  /** `prompts/ticket-triage.prompt.yml` → `ticket-triage`. */
  promptNameFromPath: (path: string) => string;
};

function looksLikePath(name: string): boolean {
  return name.includes('/') || /\.prompt\.ya?ml$/.test(name);
}

/** The one path among `paths` that `name` denotes; errors for none or several. */
function pickPath(
  name: string,
  paths: readonly string[],
  where: string,
  nameOf: (p: string) => string,
): string | null {
  const matches = looksLikePath(name)
    ? paths.filter((p) => p === name)
    : paths.filter((p) => nameOf(p) === name);
  if (matches.length > 1) {
    throw new UsageError(`prompt name "${name}" is ambiguous in ${where}: ${matches.join(', ')}`, {
      hint: 'give the file path instead of the name',
    });
  }
  return matches[0] ?? null;
}

function unknownPrompt(name: string, where: string, known: readonly string[], nameOf: (p: string) => string) {
  const names = [...new Set(known.map(nameOf))].sort();
  return new NotFoundError(`no prompt "${name}" in ${where}`, {
    hint: names.length ? `known prompts: ${names.join(', ')}` : 'no prompt files (*.prompt.yml) there',
  });
}

async function atVersion(
  deps: ResolveDeps,
  name: string,
  version: number,
): Promise<{ entry: (PromptVersionRef & { path: string }) | null; versions: number[] }> {
  // A repository that looks names up directly spares loading every path; nothing found falls back to the full
  // list (so the not-found error and a differently named prompt resolve as before).
  const named = (await deps.repo.knownPromptPathsNamed?.(name)) ?? [];
  const known = named.length > 0 ? named : await deps.repo.knownPromptPaths();
  const path = pickPath(name, known, "HEAD's history", deps.promptNameFromPath);
  if (path === null) return { entry: null, versions: [] };
  const history = await deps.repo.versions(path);
  const found = history.find((e) => e.version === version && e.blob !== null);
  const entry = found ? { ...found, path } : null;
  const versions = [...new Set(history.map((e) => e.version).filter((v): v is number => v !== null))];
  return { entry, versions: versions.sort((a, b) => a - b) };
}

async function atCommit(
  deps: ResolveDeps,
  name: string,
  rev: string,
  commit: string,
  resolvedBy: ResolvedBy,
): Promise<ResolvedPrompt> {
  const files = await deps.repo.listPromptFilesAt(commit);
  const where = `${rev} (${commit.slice(0, 7)})`;
  const path = pickPath(name, files, where, deps.promptNameFromPath);
  if (path === null) throw unknownPrompt(name, where, files, deps.promptNameFromPath);
  const file = (await deps.repo.readFileAt(commit, path)) as { text: string };
  return { name, path, rev, resolvedBy, commit, version: null, text: file.text };
}

async function viaVersion(
  deps: ResolveDeps,
  spec: RevisionSpec,
  version: number,
  resolvedBy: ResolvedBy,
): Promise<ResolvedPrompt | { versions: number[] }> {
  const { entry, versions } = await atVersion(deps, spec.name, version);
  if (!entry) return { versions };
  const text = await deps.repo.readBlob(entry.blob as string);
  return {
    name: spec.name,
    path: entry.path,
    rev: spec.rev,
    resolvedBy,
    commit: entry.commit,
    version,
    text,
  };
}

/** `name`'s pin in `environments/<env>.yaml` (see WorkingTree.environmentPin). */
async function environmentPin(
  worktree: WorkingTree,
  env: string,
  name: string,
): Promise<{ pin: number | string | undefined } | null> {
  if (worktree.environmentPin) return worktree.environmentPin(env, name);
  const pins = await worktree.environmentPins(env);
  // Own keys only: a prompt named `constructor` is not pinned by Object.prototype.
  return pins === null ? null : { pin: Object.hasOwn(pins, name) ? pins[name] : undefined };
}

/** Resolves a spec to the file's text and where it came from (see the order at the top of this file). */
export async function resolvePrompt(deps: ResolveDeps, spec: RevisionSpec): Promise<ResolvedPrompt> {
  const { name, rev } = spec;
  if (rev === null) {
    const files = await deps.worktree.promptFiles();
    const path = pickPath(name, files, 'the working tree', deps.promptNameFromPath);
    const text = path === null ? null : await deps.worktree.readFile(path);
    if (path === null || text === null)
      throw unknownPrompt(name, 'the working tree', files, deps.promptNameFromPath);
    return { name, path, rev, resolvedBy: 'worktree', commit: null, version: null, text };
  }
  const tried: string[] = [];
  let knownVersions: number[] = [];

  if (/^\d+$/.test(rev)) {
    const r = await viaVersion(deps, spec, Number(rev), 'version');
    if ('text' in r) return r;
    knownVersions = r.versions;
    tried.push(`version ${rev}`);
  }

  if (/^[\w.-]+$/.test(rev) && !/^\d+$/.test(rev)) {
    const file = `environments/${rev}.yaml`;
    const found = await environmentPin(deps.worktree, rev, name);
    if (found !== null) {
      const { pin } = found;
      if (pin === undefined) {
        // The error path lists every pin: only here are all of them read.
        const pins = (await deps.worktree.environmentPins(rev)) ?? {};
        throw new NotFoundError(`environment ${rev} does not pin prompt "${name}"`, {
          location: { file },
          hint: Object.keys(pins).length
            ? `it pins: ${Object.keys(pins).join(', ')}`
            : 'it pins no prompts yet',
        });
      }
      if (typeof pin === 'number') {
        const r = await viaVersion(deps, spec, pin, 'environment');
        if ('text' in r) return r;
        throw new NotFoundError(`pins ${name} to version ${pin}, which is not in HEAD's history`, {
          location: { file },
          hint: r.versions.length
            ? `known versions: ${r.versions.join(', ')}`
            : `no committed ${name} has a \`version\` field; add \`version: ${pin}\` to it and commit`,
        });
      }
      const commit = await deps.repo.resolveCommit(pin);
      if (commit === null) {
        throw new NotFoundError(`${file} pins ${name} to "${pin}", which names no commit`, {
          location: { file },
        });
      }
      return atCommit(deps, name, rev, commit, 'environment');
    }
    tried.push(`environment (${file})`);
  }

  const commit = await deps.repo.resolveCommit(rev);
  if (commit !== null) {
    const byOid = /^[0-9a-f]{4,40}$/i.test(rev) && commit.startsWith(rev.toLowerCase());
    return atCommit(deps, name, rev, commit, byOid ? 'commit' : 'ref');
  }
  tried.push('branch/tag/ref', /^[0-9a-f]{4,40}$/i.test(rev) ? 'commit oid' : '');

  const hint =
    knownVersions.length > 0
      ? `known versions of ${name}: ${knownVersions.join(', ')}`
      : 'see `npx evohub log <name>` for its versions and commits';
  throw new NotFoundError(`unknown revision ${name}@${rev} (tried ${tried.filter(Boolean).join(', ')})`, {
    hint,
  });
}
