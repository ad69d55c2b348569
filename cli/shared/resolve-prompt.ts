import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NotFoundError, UsageError } from '../../core/errors.ts';
import { findPromptFiles } from '../../core/prompt/files.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';

/** The repository root around `cwd`: the nearest folder with `.git` or `evohub.yaml`, else `cwd` itself. */
export function findRepoRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'evohub.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

/** A prompt argument: a path (relative to cwd) to a prompt file, or a prompt name (its file stem). */
export async function resolvePromptArg(
  arg: string,
  cwd: string,
  root: string,
): Promise<{ absPath: string; relPath: string }> {
  const asPath = isAbsolute(arg) ? arg : resolve(cwd, arg);
  if (existsSync(asPath)) return { absPath: asPath, relPath: relative(root, asPath).split(sep).join('/') };
  const files = await findPromptFiles(root);
  const matches = files.filter((f) => promptNameFromPath(f) === arg);
  if (matches.length === 1) {
    const rel = matches[0] as string;
    return { absPath: join(root, rel), relPath: rel };
  }
  if (matches.length > 1) {
    throw new UsageError(`prompt name "${arg}" is ambiguous: ${matches.join(', ')}`, {
      hint: 'pass the file path',
    });
  }
  throw new NotFoundError(`no prompt file or prompt named "${arg}"`, {
    hint: files.length
      ? `known prompts: ${files.map(promptNameFromPath).join(', ')}`
      : `no *.prompt.yml under ${root}`,
  });
}
