/** `evohub diff <a> [b]`: two prompt revisions compared per message and per field. */

import { diffPrompts, formatPromptDiff, type PromptDiff } from '../../core/prompt/diff.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { parseRevisionSpec, resolvePrompt } from '../../core/revision.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from './open-repo.ts';
import { revisionLabel } from './show.ts';

export type DiffJson = {
  a: { spec: string; path: string; commit: string | null };
  b: { spec: string; path: string; commit: string | null };
} & PromptDiff;

export async function runDiff(
  ctx: CliContext,
  aText: string,
  bText: string | undefined,
  opts: { json?: boolean },
): Promise<void> {
  const { deps } = await openCliRepository(ctx);
  const a = parseRevisionSpec(aText);
  // Without a second spec, compare with the same prompt in the working tree.
  const b = parseRevisionSpec(bText ?? a.name);
  const ra = await resolvePrompt(deps, a);
  const rb = await resolvePrompt(deps, b);
  const la = revisionLabel(ra);
  const lb = revisionLabel(rb);
  const d = diffPrompts(parsePrompt(ra.text, la).data, parsePrompt(rb.text, lb).data);
  if (opts.json) {
    const out: DiffJson = {
      a: { spec: a.text, path: ra.path, commit: ra.commit },
      b: { spec: b.text, path: rb.path, commit: rb.commit },
      ...d,
    };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(formatPromptDiff(d, `${a.text}  ${la}`, `${b.text}  ${lb}`));
}
