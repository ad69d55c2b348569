/** `evohub show <name>@<rev>`: a prompt file's text at a revision, or its parsed form as JSON. */
import { parseRevisionSpec, type ResolvedPrompt, resolvePrompt } from '../../core/revision.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from './open-repo.ts';

export type ShowJson = {
  name: string;
  path: string;
  rev: string | null;
  resolvedBy: ResolvedPrompt['resolvedBy'];
  commit: string | null;
  version: number | null;
  contentHash: string;
  data: unknown;
};

/** How a resolved file is labelled in messages: `prompts/x.prompt.yml@3 (1a2b3c4)`. */
export function revisionLabel(r: ResolvedPrompt): string {
  if (r.commit === null) return `${r.path} (working tree)`;
  return `${r.path}@${r.rev} (${r.commit.slice(0, 7)})`;
}

export async function runShow(ctx: CliContext, specText: string, opts: { json?: boolean }): Promise<void> {
  const { deps } = await openCliRepository(ctx);
  const resolved = await resolvePrompt(deps, parseRevisionSpec(specText));
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
