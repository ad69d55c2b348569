/**
 * `evohub evolve`: resolves the settings (flags, the prompt's `evolution:`, evohub.yaml, built-ins), runs the
 * loop (evaluator/evolve), writes the winner into the prompt file (version bumped, lineage filled) and commits
 * it on `evohub/<name>/<run-id>` without touching the current branch, the index or the working tree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { ConflictError, type FailedCheckError, UsageError } from '../../core/errors.ts';
import {
  DEFAULT_MAX_ERROR_RATE,
  digestErrors,
  errorRateFailure,
  formatErrorDigest,
  parseMaxErrorRate,
  statusForErrors,
} from '../../core/evaluation/error-rate.ts';
import type { EvolveEventListener } from '../../core/events.ts';
import type { PaidLedger } from '../../core/evolve/paid-ledger.ts';
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
import { checkBranchName, checkRunId } from '../../core/names/validate-names.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';
import { loadDataset } from '../../core/prompt/files.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { setPromptFields, stringifyPrompt } from '../../core/prompt/serialize.ts';
import { loadMetaPrompts } from '../../evaluator/evolve/meta-prompts.ts';
import { runEvolve } from '../../evaluator/evolve/run-evolve.ts';
import { filePaidLedger, ledgerPath } from '../../evaluator/ledger/file-paid-ledger.ts';
import type { ProviderConfig } from '../../evaluator/providers/provider.ts';
import { checkpointStoreOf } from '../../evaluator/store/checkpoints-of-store.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { cliAuthor } from '../history/open-repo.ts';
import { evaluationEnvironment } from '../shared/evaluation-environment.ts';
import { intFlag } from '../shared/flags.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { openCoordinator } from '../worker/coordinator.ts';
import { sourceState, warnIfDirty } from './dirty-source.ts';
import { evolveSource } from './evolve-source.ts';
import { type EvolveCommandFlags, newRunId, parseFlags } from './flags.ts';
import { formatEvolveReport } from './format.ts';
import { type PullRequestOutcome, proposeWinner, pullRequestRequest } from './pull-request.ts';
import { evolveEventBus } from './run-events.ts';
import { openRunRedis, type RunRedis } from './run-redis.ts';

export async function runEvolveCommand(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const concurrency = intFlag(flags.concurrency, '--concurrency', 1) ?? 16;
  parseMaxErrorRate(flags.maxErrorRate);
  if (flags.json && flags.jsonEvents)
    throw new UsageError('--json and --json-events are alternatives', {
      hint: '--json prints the report at the end; --json-events prints the progress events as they happen',
    });
  if (flags.runId !== undefined) {
    if (flags.resume)
      throw new UsageError('--run-id and --resume are alternatives', {
        hint: '--run-id starts the run or resumes it when it has a checkpoint',
      });
    checkRunId(flags.runId, '--run-id');
  }
  // [operator, issue 8] --distributed --redis: checkpoints mirrored to Redis (a retried pod has a fresh clone),
  // progress written to <prefix>:progress.
  const runRedis = openRunRedis(flags);
  try {
    await evolveWith(ctx, promptArg, flags, { root, config, concurrency, runRedis });
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
    concurrency: number;
    runRedis: RunRedis | undefined;
  },
): Promise<void> {
  // Checkpoints and lineage go to the same store as the evaluations (DuckDB file or PostgreSQL).
  const { store, location, description } = openCommandStore(ctx, {
    repoRoot: o.root,
    flag: flags.resultsUrl,
    config: o.config,
    mode: 'write',
  });
  // Workers configured with the same PostgreSQL store write their evaluations there themselves.
  const sharedStore = /^postgres(ql)?:/i.test(location) ? description : undefined;
  try {
    await evolveOn(ctx, promptArg, flags, { ...o, store, ...(sharedStore ? { sharedStore } : {}) });
  } finally {
    await store.close();
  }
}

type EvolveContext = {
  root: string;
  config: Awaited<ReturnType<typeof readEvohubConfig>>;
  concurrency: number;
  runRedis: RunRedis | undefined;
  store: ResultsStore;
  /** The PostgreSQL store's description when workers configured with it write their evaluations themselves. */
  sharedStore?: string;
};

/** What the run starts from: the prompt (or the resumed run's), its dataset, settings, base commit and run id. */
async function prepareRun(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
  o: EvolveContext,
) {
  const { root, config, runRedis, store } = o;
  const local = checkpointStoreOf(store);
  const checkpoints = runRedis ? runRedis.checkpoints(local) : local;
  const { resume, relPath, text } = await evolveSource(ctx, promptArg, flags, root, checkpoints);
  const parsed = parsePrompt(text, join(root, relPath));
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
  const source = await sourceState(repo, baseCommit, relPath, text);
  warnIfDirty(ctx, source, relPath);
  const runId = resume?.runId ?? flags.runId ?? newRunId(Date.now());
  // Before the first paid call: the winner's branch must be a name git accepts.
  if (flags.commit !== false) checkBranchName(`evohub/${name}/${runId}`, `${relPath} and the run id`);
  const metaDir =
    typeof config.evolution?.metaPrompts === 'string' ? (config.evolution.metaPrompts as string) : undefined;
  const runRecord = {
    id: runId,
    kind: 'evolve',
    promptName: parsed.name,
    promptFile: relPath,
    provider: parsed.data.model ?? config.defaults?.model ?? '',
    simulated: (parsed.data.model ?? '').startsWith('simulated/'),
    startedAt: resume?.startedAt ?? new Date().toISOString(),
    // `source`: committed, modified (uncommitted edits) or untracked at the run's base commit.
    options: { ...settings, ...(source ? { source } : {}) } as Record<string, unknown>,
  };
  const templates = await loadMetaPrompts(root, metaDir);
  return {
    resume,
    relPath,
    text,
    parsed,
    rows,
    settings,
    name,
    repo,
    baseCommit,
    runId,
    runRecord,
    templates,
    checkpoints,
  };
}

type PreparedRun = Awaited<ReturnType<typeof prepareRun>>;

/** Runs the loop, commits the winner, records the spend and the run; the report and the error-rate verdict. */
async function runAndRecord(
  ctx: CliContext,
  flags: EvolveCommandFlags,
  o: EvolveContext,
  p: PreparedRun,
  onEvent: EvolveEventListener,
): Promise<{ json: EvolveReport; errorFailure: FailedCheckError | undefined }> {
  const { root, config, concurrency, store } = o;
  const { runId, relPath, name, parsed, settings, runRecord, repo, baseCommit } = p;
  const errorRecords: { error?: string }[] = [];
  // [distributed, issue 5] --distributed: evaluations run on the workers; undefined in embedded mode.
  let coordinator: Awaited<ReturnType<typeof openCoordinator>>;
  try {
    coordinator = await openCoordinator(ctx, flags, {
      runId,
      providers: config.providers as Record<string, ProviderConfig> | undefined,
      ...(o.sharedStore ? { results: o.sharedStore } : {}),
    });
    await store.saveRun({ ...runRecord, status: 'running' });
    // Paid calls are recorded as they are paid: on disk, or in Redis where the workers record theirs.
    const ledger: PaidLedger = coordinator?.ledger ?? filePaidLedger(ledgerPath(root, runId));
    const outcome: EvolveOutcome = await runEvolve({
      runId,
      source: { file: relPath, name, data: parsed.data, text: p.text },
      rows: p.rows,
      settings,
      env: { ...evaluationEnvironment(ctx, root, config, { budget: false }), store, ledger },
      checkpoints: p.checkpoints,
      templates: p.templates,
      concurrency,
      baseCommit,
      resume: p.resume,
      evaluate: coordinator?.evaluate,
      onRecords: (records) => errorRecords.push(...records.map((r) => ({ error: r.error }))),
      onEvent,
    });
    const planned = winnerCommit(outcome, { path: relPath, name, version: parsed.data.version }, (fields) =>
      stringifyPrompt(setPromptFields(parsed, fields)),
    );
    const committed =
      flags.commit === false || !repo || !baseCommit || !planned
        ? null
        : await writeWinner(repo, planned, baseCommit);
    const json = evolveReport(outcome, { file: relPath, name, committed, resumed: Boolean(p.resume) });
    // The run's spend in the results store is its ledger: the report's paid calls and cost are their count and sum.
    await store.savePaidCalls(runId, await ledger.entries());
    // Calls that (mostly) failed are no evolution: the run is failed / completed-with-errors, exit 1.
    const maxErrorRate = parseMaxErrorRate(flags.maxErrorRate) ?? DEFAULT_MAX_ERROR_RATE;
    const errors = digestErrors(errorRecords);
    const errorFailure = errorRateFailure(errors, maxErrorRate, { reported: Boolean(flags.json) });
    if (errorFailure) ctx.stderr.write(formatErrorDigest(errors));
    await store.saveRun({
      ...runRecord,
      provider: outcome.provider,
      simulated: outcome.simulated,
      status: outcome.state.stopped ? 'partial' : statusForErrors(errors, maxErrorRate),
      finishedAt: new Date().toISOString(),
      summary: evolveRunSummary(json),
      note: outcome.state.stopped ?? (errorFailure ? formatErrorDigest(errors).trimEnd() : undefined),
    });
    return { json, errorFailure };
  } finally {
    await coordinator?.close();
    await store.close();
  }
}

async function evolveOn(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
  o: EvolveContext,
): Promise<void> {
  const p = await prepareRun(ctx, promptArg, flags, o);
  const progress = o.runRedis?.progress(p.settings.objectives[0]?.metric);
  const bus = evolveEventBus(ctx, {
    relPath: p.relPath,
    settings: p.settings,
    jsonEvents: Boolean(flags.jsonEvents),
    progress,
  });
  const { json, errorFailure } = await runAndRecord(ctx, flags, o, p, bus.emit);
  // After the store is closed: propose reads the stored run from the results database.
  const pullRequest = await pullRequestAtEnd(ctx, json, flags.resultsUrl);
  await progress?.finish({
    evaluations: json.evaluations.run,
    costUsd: json.costUsd,
    ...(pullRequest && 'url' in pullRequest ? { pullRequestUrl: pullRequest.url } : {}),
  });
  const report = pullRequest ? { ...json, pullRequest } : json;
  // With --json-events stdout carries only the events: the human report goes to stderr.
  const text = flags.jsonEvents ? ctx.stderr : ctx.stdout;
  if (flags.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else text.write(formatEvolveReport(json));
  if (pullRequest && !flags.json)
    text.write(
      'url' in pullRequest ? `Proposed: ${pullRequest.url}\n` : `Not proposed: ${pullRequest.reason}\n`,
    );
  if (errorFailure) throw errorFailure;
}

/** EVOHUB_PULL_REQUEST=true (the operator's coordinator Job): propose the committed winner. */
async function pullRequestAtEnd(
  ctx: CliContext,
  json: EvolveReport,
  resultsUrl: string | undefined,
): Promise<PullRequestOutcome | undefined> {
  const request = pullRequestRequest(ctx.env);
  if (!request) return undefined;
  if (!json.branch) return { reason: 'no winner was committed (not accepted, or --no-commit)' };
  return proposeWinner(ctx, json.runId, { ...request, resultsUrl });
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
