import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseEnvironment, parseEvohubConfig } from '../../core/config/index.ts';
import { unknownPinProblems } from '../../core/config/pins.ts';
import { FailedCheckError, isEvohubError, type Problem, ValidationError } from '../../core/errors.ts';
import { datasetFormat, parseDataset } from '../../core/prompt/dataset.ts';
import { datasetPathOf, findPromptFiles, loadDataset, readTextFile } from '../../core/prompt/files.ts';
import { isPromptFileName, promptNameFromPath } from '../../core/prompt/name.ts';
import { type ParsedPrompt, parsePrompt } from '../../core/prompt/parse.ts';
import { checkInside, repositoryRootOf } from '../../core/prompt/repo-path.ts';
import type { DatasetRow } from '../../core/prompt/types.ts';
import { checkTemplateVariables } from '../../core/prompt/validate-vars.ts';
import type { CliContext } from '../context.ts';
import {
  type FileKind,
  type FileReport,
  formatReport,
  toReportProblem,
  type ValidateReport,
} from './report.ts';

/** `root`: the directory a target was discovered in (its environments are checked against its prompts). */
type Target = { path: string; kind: FileKind; root?: string };

/** Problems of a thrown error: a ValidationError's list, another evohub error's location, or the message. */
function problemsOf(e: unknown, file: string): Problem[] {
  if (e instanceof ValidationError) return [...e.problems];
  if (isEvohubError(e)) {
    const hint = e.hint ? ` (${e.hint})` : '';
    return [{ location: e.location ?? { file }, message: `${e.message}${hint}` }];
  }
  throw e;
}

/** The kind of an explicitly named file: by its name, like `gh models eval` takes any .yml as a prompt. */
function kindOf(path: string): FileKind {
  const base = basename(path).toLowerCase();
  if (base === 'evohub.yaml' || base === 'evohub.yml') return 'config';
  if (isPromptFileName(base)) return 'prompt';
  if (basename(dirname(path)) === 'environments' && /\.ya?ml$/.test(base)) return 'environment';
  if (base.endsWith('.jsonl') || base.endsWith('.json')) return 'dataset';
  return 'prompt';
}

async function statOrUndefined(path: string) {
  return stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
}

/** What a directory holds for validate: its prompt files, its evohub.yaml and environments/*.yaml. */
async function discover(dir: string): Promise<Target[]> {
  const targets: Target[] = (await findPromptFiles(dir)).map((f) => ({
    path: join(dir, f),
    kind: 'prompt',
    root: dir,
  }));
  for (const name of ['evohub.yaml', 'evohub.yml']) {
    if ((await statOrUndefined(join(dir, name)))?.isFile())
      targets.push({ path: join(dir, name), kind: 'config' });
  }
  const envDir = join(dir, 'environments');
  if ((await statOrUndefined(envDir))?.isDirectory()) {
    for (const name of (await readdir(envDir)).sort()) {
      if (/\.ya?ml$/.test(name)) targets.push({ path: join(envDir, name), kind: 'environment', root: dir });
    }
  }
  return targets;
}

/** Checks files and collects every problem per file; never throws for bad input. */
export async function validatePaths(cwd: string, paths: readonly string[]): Promise<ValidateReport> {
  const reports = new Map<string, FileReport>();
  const display = (abs: string) => relative(cwd, abs).split(sep).join('/') || '.';
  const reportFor = (abs: string, kind: FileKind): FileReport => {
    let r = reports.get(abs);
    if (!r) {
      r = { file: display(abs), kind, ok: true, problems: [] };
      reports.set(abs, r);
    }
    return r;
  };
  const add = (abs: string, kind: FileKind, problems: readonly Problem[]) => {
    const own = reportFor(abs, kind);
    for (const p of problems) {
      // A problem may belong to another file (a dataset row); it is listed under that file.
      const file = p.location.file ? resolve(cwd, p.location.file) : abs;
      const r = file === abs ? own : reportFor(file, kindOf(file));
      r.problems.push({ ...toReportProblem(p), message: relativeIn(p.message, cwd) });
      r.ok = false;
    }
  };

  const targets: Target[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    const st = await statOrUndefined(abs);
    if (!st) add(abs, kindOf(abs), [{ location: { file: abs }, message: 'no such file or directory' }]);
    else if (st.isDirectory()) targets.push(...(await discover(abs)));
    else targets.push({ path: abs, kind: kindOf(abs) });
  }

  const datasets = new Map<string, DatasetRow[] | undefined>();
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.path)) continue;
    seen.add(t.path);
    reportFor(t.path, t.kind);
    if (t.kind === 'prompt') await checkPrompt(t.path, datasets, add, reportFor);
    else await checkOther(t, datasets, add);
  }
  await checkPins(targets, reports, add);
  const files = [...reports.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ok: files.every((f) => f.ok), files };
}

type Add = (abs: string, kind: FileKind, problems: readonly Problem[]) => void;

/** Pins of environments found in a directory must name prompts found there (only when the file is otherwise valid). */
async function checkPins(
  targets: readonly Target[],
  reports: Map<string, FileReport>,
  add: Add,
): Promise<void> {
  for (const env of targets) {
    if (env.kind !== 'environment' || env.root === undefined || !reports.get(env.path)?.ok) continue;
    const known = targets
      .filter((t) => t.kind === 'prompt' && t.root === env.root)
      .map((t) => promptNameFromPath(t.path));
    add(env.path, 'environment', unknownPinProblems(await readTextFile(env.path), env.path, known));
  }
}

async function checkOther(
  t: Target,
  datasets: Map<string, DatasetRow[] | undefined>,
  add: Add,
): Promise<void> {
  // Already checked as the dataset of a prompt (its problems are listed once).
  if (t.kind === 'dataset' && datasets.has(t.path)) return;
  const outside = await outsideRepository(t.path);
  if (outside) {
    if (t.kind === 'dataset') datasets.set(t.path, undefined);
    add(t.path, t.kind, [outside]);
    return;
  }
  try {
    const text = await readTextFile(t.path, t.kind === 'config' ? 'config file' : `${t.kind} file`);
    if (t.kind === 'config') parseEvohubConfig(text, t.path);
    else if (t.kind === 'environment') parseEnvironment(text, t.path);
    else {
      const format = datasetFormat(t.path) ?? 'yaml';
      datasets.set(t.path, parseDataset(text, t.path, format));
    }
  } catch (e) {
    // validate reports every problem at once: the error becomes this file's problems.
    if (t.kind === 'dataset') datasets.set(t.path, undefined);
    add(t.path, t.kind, problemsOf(e, t.path));
  }
}

async function checkPrompt(
  path: string,
  datasets: Map<string, DatasetRow[] | undefined>,
  add: Add,
  reportFor: (abs: string, kind: FileKind) => FileReport,
): Promise<void> {
  const outside = await outsideRepository(path);
  if (outside) {
    add(path, 'prompt', [outside]);
    return;
  }
  let prompt: ParsedPrompt;
  try {
    prompt = parsePrompt(await readTextFile(path, 'prompt file'), path);
  } catch (e) {
    // validate reports every problem at once: the error becomes this file's problems.
    add(path, 'prompt', problemsOf(e, path));
    return;
  }
  const datasetPath = datasetPathOf(prompt);
  let rows: DatasetRow[] | undefined;
  if (
    datasetPath !== undefined &&
    datasets.has(datasetPath) &&
    !(await outsideRepository(datasetPath, path))
  ) {
    rows = datasets.get(datasetPath);
  } else {
    try {
      rows = await loadDataset(prompt);
      if (datasetPath !== undefined) reportFor(datasetPath, 'dataset');
    } catch (e) {
      // validate reports every problem at once: the error becomes problems of the prompt or the dataset.
      const problems = problemsOf(e, path);
      // A dataset that exists but has bad rows is a dataset with problems; a missing one is the prompt's problem.
      const datasetExists = problems.some((p) => p.location.file === datasetPath);
      if (datasetPath !== undefined && datasetExists) reportFor(datasetPath, 'dataset');
      add(path, 'prompt', problems);
    }
    // A dataset outside the repository is each naming prompt's problem: not cached as checked.
    if (datasetPath !== undefined && !(await outsideRepository(datasetPath, path)))
      datasets.set(datasetPath, rows);
  }
  if (rows) add(path, 'prompt', checkTemplateVariables(prompt, rows));
}

/**
 * A file inside a repository that is a symlink leading out of it (`datasets/pw.jsonl → /etc/passwd`) is never
 * read: its lines would be printed as problems.
 */
async function outsideRepository(path: string, of = path): Promise<Problem | null> {
  const root = repositoryRootOf(dirname(of));
  if (root === null) return null;
  const check = await checkInside(root, path);
  if (check.inside !== false) return null;
  return {
    location: { file: path },
    message: `resolves to ${check.real}, outside the repository ${root}; evohub reads no file outside it`,
  };
}

/** Messages may name other files (a dataset row, the path tried) by absolute path; show them relative to cwd. */
function relativeIn(message: string, cwd: string): string {
  const prefix = cwd.endsWith(sep) ? cwd : `${cwd}${sep}`;
  return message.split(prefix).join('');
}

export type ValidateOptions = { json?: boolean };

/** `evohub validate [paths…] [--json]`. */
export async function runValidate(
  ctx: CliContext,
  paths: readonly string[],
  opts: ValidateOptions,
): Promise<void> {
  const report = await validatePaths(ctx.cwd, paths);
  ctx.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (!report.ok) {
    const problems = report.files.reduce((n, f) => n + f.problems.length, 0);
    throw new FailedCheckError(`validation failed: ${problems} problem${problems === 1 ? '' : 's'}`, {
      reported: true,
    });
  }
}
