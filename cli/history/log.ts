/** `evohub log <name>`: the commits that changed a prompt file, newest first, with the version in each. */
import { UsageError } from '../../core/errors.ts';
import { promptLog } from '../../core/prompt/prompt-log.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from './open-repo.ts';

export async function runLog(ctx: CliContext, name: string, opts: { json?: boolean }): Promise<void> {
  if (name.includes('@')) {
    throw new UsageError(`log takes a prompt name, not a revision: ${name}`, {
      hint: `try: evohub log ${name.split('@')[0]}`,
    });
  }
  const { repo } = await openCliRepository(ctx);
  const log = await promptLog(repo, name);
  const { path, entries } = log;
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
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
