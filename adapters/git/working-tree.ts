/** The working tree as the revision resolver reads it (core/revision.ts's WorkingTree): files on disk. */
import path from 'node:path';
import type { WorkingTree } from '../../core/revision.ts';
import { readFileOrNull } from '../fs-errors.ts';
import { environmentPin, environmentPins, type PinOptions } from './env-pins-cache.ts';

/** A file's text, or null when it does not exist (isMissing; any other error is thrown). */
export async function readTextOrNull(file: string): Promise<string | null> {
  return (await readFileOrNull(file))?.toString('utf8') ?? null;
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
