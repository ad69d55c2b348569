/** The working tree as the revision resolver reads it (core/revision.ts's WorkingTree): files on disk. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simplePins } from '../../core/config/simple-pins.ts';
import type { WorkingTree } from '../../core/revision.ts';

/** A file's text, or null when it does not exist (any other error is thrown). */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function workingTree(root: string): WorkingTree {
  return {
    // Lazy imports: they load the schema validator, which `show name@<version>` does not need.
    promptFiles: async () => (await import('../../core/prompt/files.ts')).findPromptFiles(root),
    readFile: (p) => readTextOrNull(path.join(root, p)),
    environmentPins: async (env) => {
      const file = `environments/${env}.yaml`;
      const text = await readTextOrNull(path.join(root, file));
      if (text === null) return null;
      const fast = simplePins(text);
      if (fast) return fast;
      const { parseEnvironment } = await import('../../core/config/parse.ts');
      return parseEnvironment(text, file).prompts;
    },
  };
}
