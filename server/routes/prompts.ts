/** Prompts from git and the working tree: the list with environment pins, versions, one revision, diff. */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { readTextOrNull } from '../../adapters/git/working-tree.ts';
import { similarPrompts } from '../../adapters/similarity/similar-prompts.ts';
import { listEnvironments, readEnvironment } from '../../core/config/index.ts';
import { diffPrompts } from '../../core/prompt/diff.ts';
import { findPromptFiles } from '../../core/prompt/files.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { promptLog } from '../../core/prompt/prompt-log.ts';
import { type ResolveDeps, type ResolvedPrompt, resolvePrompt } from '../../core/revision.ts';
import { boolQuery, intQuery, optionalRev, paging, promptNameParam, revParam } from '../params.ts';
import type { Router } from '../router.ts';

/** The file's top-level `version`, read without validating the whole prompt (the list must stay cheap). */
function versionOf(text: string | null): number | null {
  if (text === null) return null;
  try {
    const v = parseDocument(text).get('version');
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

const specOf = (name: string, rev: string | undefined) => (rev === undefined ? name : `${name}@${rev}`);

export async function resolveAt(
  deps: ResolveDeps,
  name: string,
  rev: string | undefined,
): Promise<ResolvedPrompt> {
  return resolvePrompt(deps, { name, rev: rev ?? null, text: specOf(name, rev) });
}

/** A resolved prompt parsed, with the fields `show --json` prints plus its text. */
export function revisionView(r: ResolvedPrompt) {
  const label = r.commit === null ? `${r.path} (working tree)` : `${r.path}@${r.rev}`;
  const data = parsePrompt(r.text, label).data;
  return {
    name: r.name,
    path: r.path,
    rev: r.rev,
    resolvedBy: r.resolvedBy,
    commit: r.commit,
    version: typeof data.version === 'number' ? data.version : null,
    contentHash: promptContentHash(data),
    text: r.text,
    data,
  };
}

async function listPrompts(root: string, known: readonly string[]) {
  const inTree = await findPromptFiles(root);
  const paths = [...new Set([...inTree, ...known])].sort();
  const environments = await listEnvironments(root);
  const pins = await Promise.all(
    environments.map(async (env) => [env, (await readEnvironment(root, env)).prompts] as const),
  );
  const prompts = await Promise.all(
    paths.map(async (p) => {
      const name = promptNameFromPath(p);
      const envs: Record<string, { pin: number | string; version: number | null }> = {};
      for (const [env, map] of pins) {
        const pin = map[name];
        if (pin !== undefined) envs[env] = { pin, version: typeof pin === 'number' ? pin : null };
      }
      const exists = inTree.includes(p);
      const text = exists ? await readTextOrNull(path.join(root, p)) : null;
      return { name, path: p, version: versionOf(text), inWorkingTree: exists, environments: envs };
    }),
  );
  return { environments, prompts };
}

/** The one file in HEAD's history that `name` (a prompt name or a path) denotes, as `evohub log` finds it. */
export function promptRoutes(r: Router): void {
  const { deps } = r;
  r.get('/api/v1/prompts', 'read', async () =>
    listPrompts(deps.root, await deps.resolve.repo.knownPromptPaths()),
  );

  r.get('/api/v1/prompts/:name{.+}/versions', 'read', async (c) => {
    const name = promptNameParam(c.req.param('name'));
    const { limit, offset } = paging((k) => c.req.query(k));
    const log = await promptLog(deps.resolve.repo, name);
    return {
      name: log.name,
      path: log.path,
      total: log.entries.length,
      limit,
      offset,
      versions: log.entries.slice(offset, offset + limit),
    };
  });

  r.get('/api/v1/prompts/:name{.+}/revision', 'read', async (c) => {
    const name = promptNameParam(c.req.param('name'));
    return revisionView(await resolveAt(deps.resolve, name, optionalRev(c.req.query('rev'))));
  });

  r.get('/api/v1/prompts/:name{.+}/similar', 'read', async (c) => {
    const name = promptNameParam(c.req.param('name'));
    const resolved = await resolveAt(deps.resolve, name, optionalRev(c.req.query('rev')));
    const top = Math.max(1, intQuery(c.req.query('top'), 'top', 10, 100));
    const samePrompt = boolQuery(c.req.query('samePrompt'), 'samePrompt');
    return similarPrompts(deps.resolve.repo, deps.root, resolved, { top, samePrompt });
  });

  r.get('/api/v1/prompts/:name{.+}/diff', 'read', async (c) => {
    const name = promptNameParam(c.req.param('name'));
    const a = revParam(c.req.query('a'), 'a');
    const b = optionalRev(c.req.query('b'), 'b');
    const ra = revisionView(await resolveAt(deps.resolve, name, a));
    const rb = revisionView(await resolveAt(deps.resolve, name, b));
    return {
      a: { spec: specOf(name, a), path: ra.path, commit: ra.commit, text: ra.text },
      b: { spec: specOf(name, b), path: rb.path, commit: rb.commit, text: rb.text },
      ...diffPrompts(ra.data, rb.data),
    };
  });
}
