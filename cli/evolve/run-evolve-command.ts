/**
 * `evohub evolve`: resolves the settings (flags, the prompt's `evolution:`, evohub.yaml, built-ins), runs the
 * loop (evaluator/evolve), writes the winner into the prompt file (version bumped, lineage filled) and commits
 * it on `evohub/<name>/<run-id>` without touching the current branch, the index or the working tree.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { ConflictError, UsageError } from '../../core/errors.ts';
import { LOOP_STATE_FORMAT, type LoopState } from '../../core/evolve/loop-state.ts';
import {
  type CommittedWinner,
  type EvolveOutcome,
  type EvolveReport,
  evolveReport,
  evolveRunSummary,
  type WinnerCommit,
  winnerCommit,
} from '../../core/evolve/report.ts';
import { type EvolveFlags, resolveEvolveSettings } from '../../core/evolve/settings.ts';
import { loadDataset, readTextFile } from '../../core/prompt/files.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { setPromptFields, stringifyPrompt } from '../../core/prompt/serialize.ts';
import { duckDbCheckpointStore, requireCheckpoint } from '../../evaluator/evolve/checkpoint-store.ts';
import { loadMetaPrompts } from '../../evaluator/evolve/meta-prompts.ts';
import { runEvolve } from '../../evaluator/evolve/run-evolve.ts';
import type { ProviderConfig } from '../../evaluator/providers/provider.ts';
import { defaultResultsPath, openResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import type { CliContext } from '../context.ts';
import { intFlag, numberFlag } from '../eval/options.ts';
import { findRepoRoot, resolvePromptArg } from '../eval/resolve-prompt.ts';
import { cliAuthor } from '../history/open-repo.ts';
import { evaluationEnvironment } from '../shared/evaluation-environment.ts';
import { type CoordinatorFlags, openCoordinator } from '../worker/coordinator.ts';
import { formatEvolveReport, progressLine } from './format.ts';
import { type PullRequestOutcome, proposeWinner, pullRequestRequest } from './pull-request.ts';
import { openRunRedis, type RunRedis } from './run-redis.ts';

export type EvolveCommandFlags = CoordinatorFlags & {
  algorithm?: string;
  population?: string;
  generations?: string;
  objectives?: string;
  budgetEvals?: string;
  budgetUsd?: string;
  seed?: string;
  optimizer?: string;
  heldOut?: string;
  racing?: boolean;
  surrogate?: boolean;
  concurrency?: string;
  commit?: boolean;
  resume?: string;
  runId?: string;
  json?: boolean;
};

function newRunId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
}

function parseFlags(f: EvolveCommandFlags): EvolveFlags {
  const heldOut = numberFlag(f.heldOut, '--held-out');
  return {
    algorithm: f.algorithm,
    population: intFlag(f.population, '--population', 2),
    generations: intFlag(f.generations, '--generations', 1),
    objectives: f.objectives
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    budgetEvals: intFlag(f.budgetEvals, '--budget-evals', 1),
    budgetUsd: numberFlag(f.budgetUsd, '--budget-usd'),
    seed: intFlag(f.seed, '--seed'),
    optimizer: f.optimizer,
    heldOut,
    racing: f.racing === false ? false : undefined,
    surrogate: f.surrogate ? true : undefined,
  };
}

export async function runEvolveCommand(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const dbPath = defaultResultsPath(root);
  const concurrency = intFlag(flags.concurrency, '--concurrency', 1) ?? 16;
  if (flags.runId !== undefined) {
    if (flags.resume)
      throw new UsageError('--run-id and --resume are alternatives', {
        hint: '--run-id starts the run or resumes it when it has a checkpoint',
      });
    if (!RUN_ID.test(flags.runId))
      throw new UsageError(
        `--run-id may hold letters, digits, "_", "." and "-" (at most 100), got "${flags.runId}"`,
      );
  }
  // [operator, issue 8] --distributed --redis: checkpoints mirrored to Redis (a retried pod has a fresh clone),
  // progress written to <prefix>:progress.
  const runRedis = openRunRedis(flags);
  try {
    await evolveWith(ctx, promptArg, flags, { root, config, dbPath, concurrency, runRedis });
  } finally {
    await runRedis?.close();
  }
}

/** Run ids name a branch and Redis keys: a safe alphabet only. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

async function evolveWith(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
  o: {
    root: string;
    config: Awaited<ReturnType<typeof readEvohubConfig>>;
    dbPath: string;
    concurrency: number;
    runRedis: RunRedis | undefined;
  },
): Promise<void> {
  const { root, config, dbPath, concurrency, runRedis } = o;
  const local = duckDbCheckpointStore(dbPath);
  // A fresh clone has no .evohub/ yet, and a checkpoint taken from Redis replays its lineage into the database.
  if (runRedis) await mkdir(dirname(dbPath), { recursive: true });
  const checkpoints = runRedis ? runRedis.checkpoints(local) : local;

  let resume: LoopState | undefined;
  let relPath: string;
  let text: string;
  // --run-id with a checkpoint: the retried coordinator continues where it was (the run keeps its settings).
  const existing = flags.runId !== undefined ? await checkpoints.latest(flags.runId) : undefined;
  if (existing) {
    resume = loopStateOf(existing.state, flags.runId as string);
    relPath = resume.source.file;
    text = resume.source.text;
  } else if (flags.resume) {
    // A resumed run keeps the settings it started with (same seed, same result); refuse flags that would differ.
    const fixed = [
      'algorithm',
      'population',
      'generations',
      'objectives',
      'budgetEvals',
      'budgetUsd',
      'seed',
      'optimizer',
      'heldOut',
    ] as const;
    const given = fixed.filter((k) => flags[k] !== undefined);
    if (given.length > 0 || flags.racing === false || flags.surrogate) {
      throw new UsageError('--resume continues a run with the settings it started with', {
        hint: `drop ${[...given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), ...(flags.racing === false ? ['--no-racing'] : []), ...(flags.surrogate ? ['--surrogate'] : [])].join(', ')}`,
      });
    }
    resume = loopStateOf((await requireCheckpoint(checkpoints, flags.resume)).state, flags.resume);
    relPath = resume.source.file;
    text = resume.source.text;
    if (promptArg) {
      const given = await resolvePromptArg(promptArg, ctx.cwd, root);
      if (given.relPath !== relPath)
        throw new UsageError(`run ${flags.resume} evolves ${relPath}, not ${given.relPath}`);
    }
  } else {
    if (!promptArg)
      throw new UsageError('name the prompt to evolve', {
        hint: 'npx evohub evolve <prompt>, or --resume <run-id>',
      });
    relPath = (await resolvePromptArg(promptArg, ctx.cwd, root)).relPath;
    text = await readTextFile(join(root, relPath), 'prompt file');
  }
  const absPath = join(root, relPath);
  const parsed = parsePrompt(text, absPath);
  const rows = await loadDataset(parsed);
  if (rows.length < 2)
    throw new UsageError(`${relPath} needs at least 2 test cases to evolve`, {
      hint: 'add testData to the prompt file',
    });
  if (resume && resume.rows !== rows.length) {
    throw new UsageError(
      `the dataset of ${relPath} changed since run ${resume.runId} started (${resume.rows} rows, now ${rows.length})`,
    );
  }
  const settings =
    resume?.settings ??
    resolveEvolveSettings(parseFlags(flags), parsed.data, config.evolution, relPath, config.budget);
  const name = promptNameFromPath(relPath);

  // The branch starts at HEAD as it was when the run started (a git repository is optional).
  let repo:
    | Awaited<ReturnType<typeof import('../../adapters/git/isomorphic-git-repository.ts').openGitRepository>>
    | undefined;
  if (existsSync(join(root, '.git'))) {
    const { openGitRepository } = await import('../../adapters/git/isomorphic-git-repository.ts');
    repo = await openGitRepository(root, await cliAuthor(ctx));
  }
  const baseCommit = resume?.baseCommit ?? (repo ? await repo.head() : null);

  const runId = resume?.runId ?? flags.runId ?? newRunId(Date.now());
  const store = openResultsStore({ repoRoot: root, mode: 'write' });
  const metaDir =
    typeof config.evolution?.metaPrompts === 'string' ? (config.evolution.metaPrompts as string) : undefined;
  const templates = await loadMetaPrompts(root, metaDir);
  const startedAt = resume?.startedAt ?? new Date().toISOString();
  const runRecord = {
    id: runId,
    kind: 'evolve',
    promptName: parsed.name,
    promptFile: relPath,
    provider: parsed.data.model ?? config.defaults?.model ?? '',
    simulated: (parsed.data.model ?? '').startsWith('simulated/'),
    startedAt,
    options: { ...settings } as Record<string, unknown>,
  };
  let outcome: EvolveOutcome;
  let json: EvolveReport;
  const progress = runRedis?.progress(settings.objectives[0]?.metric);
  // [distributed, issue 5] --distributed: evaluations run on the workers; undefined in embedded mode.
  let coordinator: Awaited<ReturnType<typeof openCoordinator>>;
  try {
    coordinator = await openCoordinator(ctx, flags, {
      runId,
      providers: config.providers as Record<string, ProviderConfig> | undefined,
    });
    await store.saveRun({ ...runRecord, status: 'running' });
    outcome = await runEvolve({
      runId,
      source: { file: relPath, name, data: parsed.data, text },
      rows,
      settings,
      env: { ...evaluationEnvironment(ctx, root, config, { budget: false }), store },
      checkpoints,
      templates,
      concurrency,
      baseCommit,
      resume,
      evaluate: coordinator?.evaluate,
      onEvent: (e) => {
        if (e.type === 'generation-finished') {
          ctx.stderr.write(`${progressLine(e, settings)}\n`);
          progress?.generation(e);
        } else if (e.type === 'evolve-started')
          ctx.stderr.write(
            `evolve ${relPath} — run ${e.runId}${e.resumedAt !== undefined ? ` (resumed after generation ${e.resumedAt})` : ''}, ${settings.algorithm}, ${settings.generations} generations × ${settings.population}\n`,
          );
        else if (e.type === 'evolve-stopped') ctx.stderr.write(`stopped early: ${e.reason}\n`);
        else if (e.type === 'held-out-started')
          ctx.stderr.write(`reporting baseline and winner on ${e.cases} held-out cases\n`);
      },
    });
    const planned = winnerCommit(outcome, { path: relPath, name, version: parsed.data.version }, (fields) =>
      stringifyPrompt(setPromptFields(parsed, fields)),
    );
    const committed =
      flags.commit === false || !repo || !baseCommit || !planned
        ? null
        : await writeWinner(repo, planned, baseCommit);
    json = evolveReport(outcome, { file: relPath, name, committed, resumed: Boolean(resume) });
    await store.saveRun({
      ...runRecord,
      provider: outcome.provider,
      simulated: outcome.simulated,
      status: outcome.state.stopped ? 'partial' : 'completed',
      finishedAt: new Date().toISOString(),
      summary: evolveRunSummary(json),
      note: outcome.state.stopped,
    });
  } finally {
    await coordinator?.close();
    await store.close();
  }
  // After the store is closed: propose reads the stored run from the results database.
  const pullRequest = await pullRequestAtEnd(ctx, json);
  await progress?.finish({
    evaluations: json.evaluations.run,
    costUsd: json.costUsd,
    ...(pullRequest && 'url' in pullRequest ? { pullRequestUrl: pullRequest.url } : {}),
  });
  const report = pullRequest ? { ...json, pullRequest } : json;
  ctx.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatEvolveReport(json));
  if (pullRequest && !flags.json)
    ctx.stdout.write(
      'url' in pullRequest ? `Proposed: ${pullRequest.url}\n` : `Not proposed: ${pullRequest.reason}\n`,
    );
}

/** A checkpoint's loop state, refused when it was written in a format this version cannot continue. */
function loopStateOf(state: unknown, runId: string): LoopState {
  const loop = state as LoopState;
  if (loop.format !== LOOP_STATE_FORMAT)
    throw new UsageError(`run ${runId} has a checkpoint of an unknown format`);
  return loop;
}

/** EVOHUB_PULL_REQUEST=true (the operator's coordinator Job): propose the committed winner. */
async function pullRequestAtEnd(
  ctx: CliContext,
  json: EvolveReport,
): Promise<PullRequestOutcome | undefined> {
  const request = pullRequestRequest(ctx.env);
  if (!request) return undefined;
  if (!json.branch) return { reason: 'no winner was committed (not accepted, or --no-commit)' };
  return proposeWinner(ctx, json.runId, request);
}

/** Commits the planned winner on its new branch (never the current one). */
async function writeWinner(
  repo: NonNullable<
    Awaited<ReturnType<typeof import('../../adapters/git/isomorphic-git-repository.ts').openGitRepository>>
  >,
  planned: WinnerCommit,
  baseCommit: string,
): Promise<CommittedWinner> {
  const { branch, path, content, message, version } = planned;
  const existing = await repo.resolveCommit(`refs/heads/${branch}`);
  if (existing) {
    // A resumed run that had already committed: the same content is already there.
    const there = await repo.readFileAt(existing, path);
    if (there?.text === content) return { branch, commit: existing, version };
    throw new ConflictError(`branch ${branch} already exists with other content`);
  }
  const commit = await repo.commitToBranch(branch, [{ path, content }], message, baseCommit);
  return { branch, commit, version };
}
