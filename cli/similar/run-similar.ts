/** `evohub similar <name>@<rev>`: the nearest prompt versions by MinHash similarity. */
import { similarPrompts } from '../../adapters/similarity/similar-prompts.ts';
import { UsageError } from '../../core/errors.ts';
import { parseRevisionSpec, resolvePrompt } from '../../core/revision.ts';
import { FORMAT } from '../../core/similarity/index.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from '../history/open-repo.ts';

function parseTop(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new UsageError(`--top must be a whole number from 1 to 1000, got "${text}"`);
  }
  return n;
}

export async function runSimilar(
  ctx: CliContext,
  specText: string,
  opts: { top: string; json?: boolean; samePrompt?: boolean },
): Promise<void> {
  const top = parseTop(opts.top);
  const { repo, deps } = await openCliRepository(ctx);
  const resolved = await resolvePrompt(deps, parseRevisionSpec(specText));
  const answer = await similarPrompts(repo, repo.root, resolved, {
    top,
    ...(opts.samePrompt ? { samePrompt: true } : {}),
    onReplaced: (format) =>
      ctx.stderr.write(
        `evohub: rebuilt .evohub/similarity-index.bin: it was in format ${format}, this evohub reads format ${FORMAT}\n`,
      ),
  });
  const { results } = answer;
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(
    `similar to ${resolved.path}${resolved.rev ? `@${resolved.rev}` : ''} (${answer.indexed} versions indexed)\n`,
  );
  for (const r of results) {
    const v = r.version === null ? 'v?' : `v${r.version}`;
    ctx.stdout.write(
      `${r.similarity.toFixed(2)}  ${`${r.name}@${r.version ?? r.commit.slice(0, 7)}`.padEnd(32)} ${v.padEnd(5)} ${r.commit.slice(0, 7)}  ${r.path}\n`,
    );
  }
  if (results.length === 0) ctx.stdout.write('no other prompt versions in the history\n');
}
