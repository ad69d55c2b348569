/**
 * Loads the operators' meta-prompt templates: the built-in files in `core/evolution/meta-prompts/`, each
 * replaced by `<dir>/<kind>.md` when a repository provides one (`<repo>/.evohub/meta-prompts/`, or the folder
 * named by `evolution.metaPrompts` in evohub.yaml). Every template is checked (header line, known variables).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import {
  checkTemplate,
  PROPOSAL_KINDS,
  type ProposalKind,
} from '../../core/evolution/prompt/llm-operators/index.ts';

export const BUILTIN_META_PROMPTS_DIR = new URL('../../core/evolution/meta-prompts/', import.meta.url)
  .pathname;

export type MetaPrompts = Record<ProposalKind, string>;

export async function loadMetaPrompts(repoRoot: string, configured?: string): Promise<MetaPrompts> {
  const dirs = [
    configured
      ? isAbsolute(configured)
        ? configured
        : join(repoRoot, configured)
      : join(repoRoot, '.evohub', 'meta-prompts'),
  ];
  const out = {} as MetaPrompts;
  for (const kind of PROPOSAL_KINDS) {
    const override = dirs.map((d) => join(d, `${kind}.md`)).find((f) => existsSync(f));
    const file = override ?? join(BUILTIN_META_PROMPTS_DIR, `${kind}.md`);
    const text = await readFile(file, 'utf8');
    checkTemplate(kind, text, file);
    out[kind] = text;
  }
  return out;
}
