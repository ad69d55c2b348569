/**
 * `evohub evolve`: resolves the settings (flags, the prompt's `evolution:`, evohub.yaml, built-ins), runs the
 * loop (evaluator/evolve), writes the winner into the prompt file (version bumped, lineage filled) and commits
 * it on `evohub/<name>/<run-id>` without touching the current branch, the index or the working tree.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { ConflictError, UsageError } from '../../core/errors.ts';
import {
  type CommittedWinner,
  type EvolveOutcome,
  type EvolveReport,
  evolveReport,
  evolveRunSummary,
  type WinnerCommit,
  winnerCommit,
} from '../../core/evolve/report.ts';
import { resolveEvolveSettings } from '../../core/evolve/settings.ts';
import { loadDataset } from '../../core/prompt/files.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { setPromptFields, stringifyPrompt } from '../../core/prompt/serialize.ts';
import { duckDbCheckpointStore } from '../../evaluator/evolve/checkpoint-store.ts';
import { loadMetaPrompts } from '../../evaluator/evolve/meta-prompts.ts';
import { runEvolve } from '../../evaluator/evolve/run-evolve.ts';
import type { ProviderConfig } from '../../evaluator/providers/provider.ts';
import { defaultResultsPath, openResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import type { CliContext } from '../context.ts';
import { cliAuthor } from '../history/open-repo.ts';
import { evaluationEnvironment } from '../shared/evaluation-environment.ts';
import { intFlag } from '../shared/flags.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { openCoordinator } from '../worker/coordinator.ts';
import { evolveSource } from './evolve-source.ts';
import { type EvolveCommandFlags, newRunId, parseFlags, RUN_ID } from './flags.ts';
import { evolveEventPrinter, formatEvolveReport } from './format.ts';
import { type PullRequestOutcome, proposeWinner, pullRequestRequest } from './pull-request.ts';
import { openRunRedis, type RunRedis } from './run-redis.ts';

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

  const { resume, relPath, text } = await evolveSource(ctx, promptArg, flags, root, checkpoints);
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
  const repo = await openRunRepository(ctx, root);
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
      onEvent: evolveEventPrinter(ctx.stderr, relPath, settings, progress),
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

type RunRepository = Awaited<
  ReturnType<typeof import('../../adapters/git/isomorphic-git-repository.ts').openGitRepository>
>;

async function openRunRepository(ctx: CliContext, root: string): Promise<RunRepository | undefined> {
  if (!existsSync(join(root, '.git'))) return undefined;
  const { openGitRepository } = await import('../../adapters/git/isomorphic-git-repository.ts');
  return openGitRepository(root, await cliAuthor(ctx));
}

/** Commits the planned winner on its new branch (never the current one). */
async function writeWinner(
  repo: RunRepository,
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
