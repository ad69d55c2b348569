/** The working tree as the revision resolver reads it (core/revision.ts's WorkingTree): files on disk. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkingTree } from '../../core/revision.ts';
import { environmentPin, environmentPins, type PinOptions } from './env-pins-cache.ts';

/** A file's text, or null when it does not exist (any other error is thrown). */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function workingTree(root: string, pinOptions: PinOptions = {}): WorkingTree {
  return {
    // Lazy imports: they load the schema validator, which `show name@<version>` does not need.
    promptFiles: async () => (await import('../../core/prompt/files.ts')).findPromptFiles(root),
    readFile: (p) => readTextOrNull(path.join(root, p)),
    environmentPins: (env) => environmentPins(root, env),
    environmentPin: (env, name) => environmentPin(root, env, name, pinOptions),
  };
}
