import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NotFoundError } from '../core/errors.ts';
import type { PromptRepository } from '../core/ports/prompt-repository.ts';
import { parsePrompt } from '../core/prompt/parse.ts';
import { renderMessages } from '../core/prompt/render.ts';
import type { Message, PromptFile } from '../core/prompt/types.ts';

/** A prompt version as an application serves it. */
export type LoadedPrompt = {
  /** The name it was loaded by (the file stem, as everywhere in evohub): the `prompt` metric label. */
  name: string;
  /**
   * The `version` label for outcome metrics: the file's `version` field, or `sha-<12 hex>` of its text when it
   * has none (so two different unversioned texts never share a label).
   */
  version: string;
  /** Where it came from: a file path, or `<ref>:<path>` for a git ref. */
  source: string;
  data: PromptFile;
  /** Renders the messages with `{{var}}` values; an unknown variable is a TemplateError naming it. */
  render(vars: Readonly<Record<string, unknown>>): Message[];
};

/** A mounted directory: how a ConfigMap appears in a pod (keys as files, behind the `..data` symlink). */
export type DirSource = { dir: string; name: string };
/** A git ref of a prompt repository (inject `adapters/git`'s implementation of the port). */
export type GitSource = { repo: PromptRepository; ref: string; name: string };

export async function loadPrompt(source: DirSource | GitSource): Promise<LoadedPrompt> {
  return 'dir' in source ? loadFromDir(source) : loadFromGit(source);
}

const PROMPT_FILE = /\.prompt\.ya?ml$/;

function candidateNames(name: string): string[] {
  return [`${name}.prompt.yml`, `${name}.prompt.yaml`, name];
}

/**
 * Kubernetes mounts a ConfigMap as `<dir>/<key> -> ..data/<key>` and `..data -> ..<timestamp>`, and updates it
 * by swapping the `..data` link. Reading every file through the resolved `..data` target gives one consistent
 * snapshot even if an update lands mid-read. A plain directory (no `..data`) is read as it is.
 */
async function snapshotDir(dir: string): Promise<string> {
  try {
    return await realpath(join(dir, '..data'));
  } catch {
    // Not a Kubernetes ConfigMap mount (no ..data link): the folder itself holds the files.
    return dir;
  }
}

async function loadFromDir({ dir, name }: DirSource): Promise<LoadedPrompt> {
  const base = await snapshotDir(dir);
  for (const file of candidateNames(name)) {
    const path = join(base, file);
    const isFile = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) return loaded(await readFile(path, 'utf8'), join(dir, file), name);
  }
  // Keys need not be named after the prompt: fall back to the `name:` field of the prompt files there.
  const entries = await readdir(base).catch((cause: unknown) => {
    throw new NotFoundError(`prompt directory ${dir} cannot be read`, {
      cause,
      hint: 'is the ConfigMap mounted?',
    });
  });
  const files = entries.filter((f) => !f.startsWith('..') && PROMPT_FILE.test(f)).sort();
  for (const file of files) {
    const text = await readFile(join(base, file), 'utf8');
    if (nameFieldOf(text) === name) return loaded(text, join(dir, file), name);
  }
  throw new NotFoundError(`no prompt named ${name} in ${dir}`, {
    hint: `looked for ${candidateNames(name).join(', ')} and the name: field of ${files.length} prompt file(s)`,
  });
}

/** A file's top-level `name` field, or undefined (also for a file that does not parse: not the one we want). */
function nameFieldOf(text: string): unknown {
  try {
    return (parse(text) as { name?: unknown } | null)?.name;
  } catch {
    // A file that is not YAML has no name to match; loading it reports the error.
    return undefined;
  }
}

async function loadFromGit({ repo, ref, name }: GitSource): Promise<LoadedPrompt> {
  const commit = await repo.resolveCommit(ref);
  if (!commit) throw new NotFoundError(`git ref ${ref} names no commit in ${repo.root}`);
  const paths = (await repo.listPromptFilesAt(commit)).filter((p) => {
    const file = p.slice(p.lastIndexOf('/') + 1);
    return file === `${name}.prompt.yml` || file === `${name}.prompt.yaml`;
  });
  if (paths.length > 1)
    throw new NotFoundError(`prompt name ${name} is ambiguous at ${ref}: ${paths.join(', ')}`);
  const path = paths[0];
  const file = path === undefined ? null : await repo.readFileAt(commit, path);
  if (!file || path === undefined) {
    throw new NotFoundError(`no prompt file ${name}.prompt.yml at ${ref} in ${repo.root}`);
  }
  return loaded(file.text, `${ref}:${path}`, name);
}

/** Parses and validates (a bad file is a ValidationError naming file, line and column). */
function loaded(text: string, source: string, name: string): LoadedPrompt {
  const { data } = parsePrompt(text, source);
  const version =
    data.version !== undefined
      ? String(data.version)
      : `sha-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return {
    name,
    version,
    source,
    data,
    render: (vars) => renderMessages(data.messages, vars, source),
  };
}
