/**
 * The embedded default forge: no server, a proposal is a local branch plus a record
 * `.evohub/proposals/<number>.json` (title, body, labels, reviewers, comments), written atomically. It behaves
 * like GitHub where evohub can tell: one open proposal per head branch (a second create is a 422-style
 * ForgeError), and a head branch that does not exist is refused.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ForgeError } from '../../core/errors.ts';
import type { Forge, IssueComment, PullRequest, RemoteBranches, RepoRef } from '../../core/ports/forge.ts';
import { isMissing } from '../fs-errors.ts';

export type LocalForgeOptions = {
  /** Repository root; records go under `<root>/.evohub/proposals/`. */
  root: string;
  repo?: RepoRef;
  defaultBranch?: string;
  /** Tip of a local branch; null when it does not exist (the GIT port's resolveCommit fits). */
  resolveBranch: (branch: string) => Promise<string | null>;
  now?: () => Date;
};

export type ProposalRecord = {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  head: string;
  headSha: string;
  base: string;
  labels: string[];
  reviewers: string[];
  comments: Array<{ id: number; body: string }>;
  createdAt: string;
  updatedAt: string;
};

export const PROPOSALS_DIR = '.evohub/proposals';

export function createLocalForge(options: LocalForgeOptions): Forge {
  const dir = path.join(options.root, PROPOSALS_DIR);
  const repo = options.repo ?? { owner: 'local', repo: path.basename(options.root) };
  const defaultBranch = options.defaultBranch ?? 'main';
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const file = (n: number) => path.join(dir, `${n}.json`);

  async function all(): Promise<ProposalRecord[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      // No proposals folder yet means no proposals; any other failure (permissions, a file in its place) is real.
      if (isMissing(error)) return [];
      throw error;
    }
    const records = await Promise.all(
      names.filter((n) => /^\d+\.json$/.test(n)).map((n) => readRecord(path.join(dir, n))),
    );
    return (records as ProposalRecord[]).sort((a, b) => a.number - b.number);
  }

  async function load(n: number): Promise<ProposalRecord> {
    try {
      return await readRecord(file(n));
    } catch (error) {
      if (isMissing(error)) throw new ForgeError('not-found', `no local proposal #${n} in ${PROPOSALS_DIR}`);
      throw error;
    }
  }

  async function save(r: ProposalRecord): Promise<void> {
    await mkdir(dir, { recursive: true });
    const tmp = `${file(r.number)}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(r, null, 2)}\n`);
    await rename(tmp, file(r.number));
  }

  function toPull(r: ProposalRecord): PullRequest {
    const full = `${repo.owner}/${repo.repo}`;
    return {
      number: r.number,
      title: r.title,
      body: r.body,
      state: r.state,
      url: path.join(PROPOSALS_DIR, `${r.number}.json`),
      head: { ref: r.head, sha: r.headSha, repoFullName: full },
      base: { ref: r.base, sha: '', repoFullName: full },
      fromFork: false,
      labels: [...r.labels],
    };
  }

  function commentOf(r: ProposalRecord, c: { id: number; body: string }): IssueComment {
    return { id: c.id, body: c.body, url: `${path.join(PROPOSALS_DIR, `${r.number}.json`)}#comment-${c.id}` };
  }

  return {
    kind: 'local',
    repo,
    async getRepository() {
      return { fullName: `${repo.owner}/${repo.repo}`, defaultBranch, canPush: true };
    },
    async getPullRequest(n) {
      return toPull(await load(n));
    },
    async findOpenPullRequest(head, base) {
      const r = (await all()).find(
        (x) => x.state === 'open' && x.head === head && (!base || x.base === base),
      );
      return r ? toPull(r) : null;
    },
    async createPullRequest(input) {
      const records = await all();
      if (records.some((x) => x.state === 'open' && x.head === input.head)) {
        throw new ForgeError(
          'validation',
          `A pull request already exists for ${input.head} (local proposal)`,
        );
      }
      const sha = await options.resolveBranch(input.head);
      if (!sha) throw new ForgeError('validation', `head branch ${input.head} does not exist`);
      const at = now();
      const r: ProposalRecord = {
        number: (records.at(-1)?.number ?? 0) + 1,
        title: input.title,
        body: input.body,
        state: 'open',
        head: input.head,
        headSha: sha,
        base: input.base,
        labels: [],
        reviewers: [],
        comments: [],
        createdAt: at,
        updatedAt: at,
      };
      await save(r);
      return toPull(r);
    },
    async updatePullRequest(n, patch) {
      const r = await load(n);
      const sha = await options.resolveBranch(r.head);
      const next = { ...r, ...patch, headSha: sha ?? r.headSha, updatedAt: now() };
      await save(next);
      return toPull(next);
    },
    async addLabels(n, labels) {
      const r = await load(n);
      await save({ ...r, labels: [...new Set([...r.labels, ...labels])], updatedAt: now() });
    },
    async requestReviewers(n, reviewers) {
      const r = await load(n);
      await save({ ...r, reviewers: [...new Set([...r.reviewers, ...reviewers])], updatedAt: now() });
    },
    async listComments(n) {
      const r = await load(n);
      return r.comments.map((c) => commentOf(r, c));
    },
    async createComment(n, body) {
      const r = await load(n);
      const id = n * 1000 + r.comments.length + 1;
      const c = { id, body };
      await save({ ...r, comments: [...r.comments, c], updatedAt: now() });
      return commentOf(r, c);
    },
    async updateComment(id, body) {
      const n = Math.floor(id / 1000);
      const r = await load(n);
      const i = r.comments.findIndex((c) => c.id === id);
      if (i < 0) throw new ForgeError('not-found', `no comment ${id} on local proposal #${n}`);
      const comments = r.comments.map((c) => (c.id === id ? { id, body } : c));
      await save({ ...r, comments, updatedAt: now() });
      return commentOf(r, { id, body });
    },
  };
}

/**
 * RemoteBranches for the local forge: the "remote" is the repository itself, so the branch evolution wrote is
 * already there. A push checks that it exists; a delete does nothing (the user's branch is never removed).
 */
export function createLocalBranches(
  resolveBranch: (branch: string) => Promise<string | null>,
): RemoteBranches {
  return {
    remoteTip: resolveBranch,
    async push(branch) {
      if (!(await resolveBranch(branch))) {
        throw new ForgeError('validation', `head branch ${branch} does not exist`, {
          hint: 'run `evohub evolve` first; it writes the winner on its own branch',
        });
      }
    },
    async deleteRemoteBranch() {},
  };
}

/** One proposal record; a file that is not JSON is named in the error rather than read as absent. */
async function readRecord(file: string): Promise<ProposalRecord> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as ProposalRecord;
  } catch (error) {
    throw new ForgeError('validation', `${file} is not a proposal record: ${(error as Error).message}`, {
      location: { file },
      hint: 'restore it from a backup or delete it (the proposal is then forgotten)',
    });
  }
}
