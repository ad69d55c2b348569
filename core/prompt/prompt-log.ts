/**
 * A prompt's log: the commits that changed its file, newest first, with the version in each. One reading for
 * `evohub log` and the dashboard's versions endpoint; the repository is the port, so this stays pure of I/O.
 */
import { NotFoundError, UsageError } from '../errors.ts';
import type { PromptRepository } from '../ports/prompt-repository.ts';
import { promptNameFromPath } from './name.ts';

export type LogEntryJson = {
  version: number | null;
  commit: string;
  date: string;
  author: { name: string; email: string };
  /** First line of the commit message. */
  subject: string;
  /** True when this commit deleted the file. */
  deleted: boolean;
};

export type LogJson = { name: string; path: string; entries: LogEntryJson[] };

/** The file a prompt name (or path) denotes in HEAD's history; unknown and ambiguous names are errors. */
export async function historyPathOf(
  repo: Pick<PromptRepository, 'knownPromptPaths' | 'knownPromptPathsNamed'>,
  name: string,
): Promise<string> {
  // Looked up by name first (one index bucket); nothing found loads every path for the error's list.
  const named = (await repo.knownPromptPathsNamed?.(name)) ?? [];
  const known = named.length > 0 ? named : await repo.knownPromptPaths();
  const isPath = name.includes('/') || /\.prompt\.ya?ml$/.test(name);
  const matches = known.filter((p) => (isPath ? p === name : promptNameFromPath(p) === name));
  if (matches.length === 0) {
    const names = [...new Set(known.map(promptNameFromPath))].sort();
    throw new NotFoundError(`no prompt "${name}" in the history of HEAD`, {
      hint: names.length ? `known prompts: ${names.join(', ')}` : 'no prompt file has been committed yet',
    });
  }
  if (matches.length > 1) {
    throw new UsageError(`prompt name "${name}" is ambiguous: ${matches.join(', ')}`, {
      hint: 'give the file path instead of the name',
    });
  }
  return matches[0] as string;
}

export async function promptLog(
  repo: Pick<PromptRepository, 'knownPromptPaths' | 'knownPromptPathsNamed' | 'history'>,
  name: string,
): Promise<LogJson> {
  const path = await historyPathOf(repo, name);
  const entries = (await repo.history(path)).map((e) => ({
    version: e.version,
    commit: e.commit.oid,
    date: e.commit.date,
    author: e.commit.author,
    subject: e.commit.message.split('\n')[0] ?? '',
    deleted: e.blob === null,
  }));
  return { name: promptNameFromPath(path), path, entries };
}
