/**
 * `evohub init`: scaffolds a prompt repository from `templates/<name>/`. Planned first (which files to add,
 * which exist already), then applied: `git init` when there is no repository, then one commit of exactly the
 * added files. Nothing that exists is overwritten.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type GitRepository,
  initGitRepository,
  type OpenOptions,
  openGitRepository,
} from '../../adapters/git/isomorphic-git-repository.ts';
import { GitError, UsageError } from '../../core/errors.ts';

export type TemplateInfo = { name: string; description: string; dir: string };

/**
 * Project templates are the folders of the templates root that hold an `evohub.yaml` (other folders there, such
 * as `rollout/`, are manifests to copy by hand); the first line of each README.md describes it.
 */
export async function listTemplates(templatesRoot: string): Promise<TemplateInfo[]> {
  const out: TemplateInfo[] = [];
  for (const e of await readdir(templatesRoot, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const dir = path.join(templatesRoot, e.name);
    if (!(await exists(path.join(dir, 'evohub.yaml')))) continue;
    // A template without a README is listed with an empty description.
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8').catch(() => '');
    const first = readme.split('\n').find((l) => l.trim() !== '') ?? '';
    out.push({ name: e.name, description: first.replace(/^#+\s*/, '').trim(), dir });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(path.join(dir, e.name), `${rel}/`)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * npm never packs a file named `.gitignore`, so the build (scripts/build.ts) stores template dot-files under
 * these names; init restores the dot. The checkout's templates keep the dot, so both layouts scaffold the same.
 */
const PACKED_NAMES: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

function targetPath(templateFile: string): string {
  const parts = templateFile.split('/');
  const last = parts.pop() ?? '';
  return [...parts, PACKED_NAMES[last] ?? last].join('/');
}

export type InitPlan = {
  template: string;
  /** Absolute target folder. */
  target: string;
  /** Files to create, relative to the target. */
  add: string[];
  /** Template files left alone because the target has them already. */
  skip: string[];
  /** The template file of each target file (they differ for PACKED_NAMES). */
  sources: Record<string, string>;
};

export async function planInit(templatesRoot: string, template: string, target: string): Promise<InitPlan> {
  const known = await listTemplates(templatesRoot);
  const t = known.find((k) => k.name === template);
  if (!t) {
    throw new UsageError(`unknown template "${template}"`, {
      hint: `known templates: ${known.map((k) => k.name).join(', ') || '(none)'}`,
    });
  }
  const add: string[] = [];
  const skip: string[] = [];
  const sources: Record<string, string> = {};
  for (const f of await filesUnder(t.dir)) {
    const to = targetPath(f);
    sources[to] = f;
    ((await exists(path.join(target, to))) ? skip : add).push(to);
  }
  return { template, target, add: add.sort(), skip: skip.sort(), sources };
}

export type InitResult = InitPlan & { root: string; createdRepository: boolean; commit: string | null };

export async function applyInit(
  templatesRoot: string,
  plan: InitPlan,
  gitOptions: OpenOptions = {},
): Promise<InitResult> {
  let repo: GitRepository;
  let createdRepository = false;
  try {
    repo = await openGitRepository(plan.target, gitOptions);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    repo = await initGitRepository(plan.target, gitOptions);
    createdRepository = true;
  }
  const prefix = path.relative(repo.root, plan.target).split(path.sep).filter(Boolean).join('/');
  const files = [];
  for (const f of plan.add) {
    const content = await readFile(path.join(templatesRoot, plan.template, plan.sources[f] ?? f), 'utf8');
    files.push({ path: prefix ? `${prefix}/${f}` : f, content });
  }
  const commit =
    files.length === 0
      ? null
      : await repo.commit(
          files,
          `evohub init: scaffold from template ${plan.template}\n\nFiles added: ${plan.add.join(', ')}`,
        );
  return { ...plan, root: repo.root, createdRepository, commit };
}

export async function runInit(
  templatesRoot: string,
  template: string,
  target: string,
  gitOptions: OpenOptions = {},
): Promise<InitResult> {
  return applyInit(templatesRoot, await planInit(templatesRoot, template, target), gitOptions);
}
