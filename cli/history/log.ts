/** `evohub log <name>`: the commits that changed a prompt file, newest first, with the version in each. */
import { NotFoundError, UsageError } from '../../core/errors.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from './open-repo.ts';

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

export async function runLog(ctx: CliContext, name: string, opts: { json?: boolean }): Promise<void> {
  if (name.includes('@')) {
    throw new UsageError(`log takes a prompt name, not a revision: ${name}`, {
      hint: `try: evohub log ${name.split('@')[0]}`,
    });
  }
  const { repo } = await openCliRepository(ctx);
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
  const path = matches[0] as string;
  const entries: LogEntryJson[] = (await repo.history(path)).map((e) => ({
    version: e.version,
    commit: e.commit.oid,
    date: e.commit.date,
    author: e.commit.author,
    subject: e.commit.message.split('\n')[0] ?? '',
    deleted: e.blob === null,
  }));
  if (opts.json) {
    const out: LogJson = { name: promptNameFromPath(path), path, entries };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(`${path}\n`);
  for (const e of entries) {
    const v = e.deleted ? 'deleted' : e.version === null ? 'v?' : `v${e.version}`;
    const who = `${e.author.name} <${e.author.email}>`;
    ctx.stdout.write(
      `${v.padEnd(6)} ${e.commit.slice(0, 7)}  ${e.date.slice(0, 10)}  ${who}  ${e.subject}\n`,
    );
  }
}
