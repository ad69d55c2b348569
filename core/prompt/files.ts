import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { EvohubError, NotFoundError, ValidationError } from '../errors.ts';
import { locate } from '../schema/index.ts';
import { datasetFormat, inlineRows, parseDataset } from './dataset.ts';
import { isPromptFileName, SKIPPED_DIRS } from './name.ts';
import { type ParsedPrompt, parsePrompt } from './parse.ts';
import { checkInside, repositoryRootOf } from './repo-path.ts';
import type { DatasetRow } from './types.ts';

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Reads a text file; a missing file is a NotFoundError naming it. */
export async function readTextFile(path: string, what = 'file'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT')
      throw new NotFoundError(`${what} not found: ${path}`, { location: { file: path } });
    if (code === 'EISDIR')
      throw new EvohubError('IO', `${what} is a directory: ${path}`, { location: { file: path } });
    throw new EvohubError('IO', `cannot read ${what} ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Reads and validates a prompt file (see parsePrompt); `path` is also the name used in messages. */
export async function readPromptFile(path: string): Promise<ParsedPrompt> {
  return parsePrompt(await readTextFile(path, 'prompt file'), path);
}

/**
 * Prompt files under `root` (`**\/*.prompt.yml`, `**\/*.prompt.yaml`), skipping node_modules, .git and .evohub;
 * sorted, relative to root, with `/` separators. Symbolic links to files count; links to directories are not
 * followed (no cycles).
 */
export async function findPromptFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (isPromptFileName(entry.name)) {
        if (
          entry.isFile() ||
          // A dangling symbolic link is not a prompt file.
          (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isFile())
        ) {
          found.push(relative(root, full).split(sep).join('/'));
        }
      }
    }
  };
  try {
    await walk(root);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT')
      throw new NotFoundError(`directory not found: ${root}`, { location: { file: root } });
    throw e;
  }
  return found.sort();
}

export type LoadDatasetOptions = {
  /** Use this dataset instead of the prompt's `testData`. A relative path resolves against `baseDir`. */
  datasetPath?: string;
  /** Where a relative `datasetPath` resolves; default: the prompt file's directory (as for `testData`). */
  baseDir?: string;
};

/** The dataset file a prompt refers to (absolute when the prompt's path is), or undefined for inline/no rows. */
export function datasetPathOf(p: ParsedPrompt, opts: LoadDatasetOptions = {}): string | undefined {
  if (opts.datasetPath !== undefined) {
    return isAbsolute(opts.datasetPath)
      ? opts.datasetPath
      : join(opts.baseDir ?? dirname(p.file), opts.datasetPath);
  }
  const testData = p.data.testData;
  if (typeof testData !== 'string') return undefined;
  return isAbsolute(testData) ? testData : join(dirname(p.file), testData);
}

/**
 * A `testData` path must resolve (symlinks followed) inside the prompt's repository: a pull request may edit the
 * prompt, and must not make evohub read files outside the checkout. A `--dataset` flag is the user's own choice
 * and is not restricted.
 */
async function assertDatasetInsideRepository(p: ParsedPrompt, path: string): Promise<void> {
  const root = repositoryRootOf(dirname(p.file));
  if (root === null) return;
  const check = await checkInside(root, path);
  if (check.inside !== false) return;
  throw new ValidationError([
    {
      location: { ...locate(p.doc, p.file, ['testData']), field: '/testData' },
      message: `testData ${String(p.data.testData)} resolves to ${check.real}, outside the repository ${root} (dataset files must live inside it; symlinks are followed)`,
    },
  ]);
}

/**
 * The prompt's test cases: inline `testData` rows, or the file `testData` names (relative to the prompt file), or
 * `opts.datasetPath`. A prompt without testData has no rows. A missing file is a NotFoundError located at the
 * prompt's `testData` line, naming the path tried; bad rows are a ValidationError naming file:line. Each row
 * carries its source (see rowSource) for later messages.
 */
export async function loadDataset(p: ParsedPrompt, opts: LoadDatasetOptions = {}): Promise<DatasetRow[]> {
  const path = datasetPathOf(p, opts);
  if (path === undefined) {
    const testData = p.data.testData;
    return Array.isArray(testData) ? inlineRows(testData, p.doc, p.file) : [];
  }
  const format = datasetFormat(path);
  if (!format) {
    throw new ValidationError([
      {
        location: opts.datasetPath !== undefined ? { file: path } : locate(p.doc, p.file, ['testData']),
        message: `unsupported dataset file ${path} (use .jsonl, .json, .yaml or .yml)`,
      },
    ]);
  }
  if (opts.datasetPath === undefined) await assertDatasetInsideRepository(p, path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'EISDIR') throw e;
    const fromFlag = opts.datasetPath !== undefined;
    throw new NotFoundError(
      `dataset file not found: ${fromFlag ? path : `${p.data.testData} (tried ${path})`}`,
      {
        location: fromFlag ? { file: path } : locate(p.doc, p.file, ['testData']),
        hint: fromFlag ? undefined : 'testData paths are relative to the prompt file',
      },
    );
  }
  return parseDataset(text, path, format);
}
