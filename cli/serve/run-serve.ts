/**
 * `evohub serve`: wires the dashboard server (server/) to this repository, its results store, Redis and the
 * CLI's write actions, listens, prints the URL, and stops cleanly on SIGINT/SIGTERM.
 */
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { readTextOrNull, workingTree } from '../../adapters/git/working-tree.ts';
import { redisProgressReader } from '../../adapters/redis/progress-reader.ts';
import { readEvohubConfig } from '../../core/config/index.ts';
import { UsageError } from '../../core/errors.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { createRedactor, secretNamesInConfig, secretsFromEnv } from '../../core/redact.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { createApp } from '../../server/app.ts';
import { fileAuditLog } from '../../server/audit-log.ts';
import type { ProgressSource, ServerDeps } from '../../server/deps.ts';
import { liveProgress } from '../../server/live-progress.ts';
import { fileKeyStore } from '../../server/security/keys.ts';
import { cachedStore } from '../../server/store-cache.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { intFlag } from '../shared/flags.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { cliActions } from './actions.ts';
import { auditFile, decisionLogFile, keysFile, nodeModulesDir, webDir } from './paths.ts';

export type ServeFlags = {
  port?: string;
  host?: string;
  repo?: string;
  results?: string;
  redis?: string;
  auth?: boolean;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const VERSION = '0.1.0';

export type RunningServer = { url: string; close(): Promise<void> };

async function progressFrom(
  redisUrl: string | undefined,
): Promise<{ source?: ProgressSource; close(): Promise<void> }> {
  if (!redisUrl) return { close: async () => {} };
  if (!/^rediss?:\/\//.test(redisUrl))
    throw new UsageError(`--redis must be a redis:// URL, got "${redactUrl(redisUrl)}"`);
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  // A Redis outage must not take the dashboard down: reads fall back to the results store.
  redis.on('error', () => {});
  const reader = redisProgressReader(redis);
  return {
    source: { read: (runId, prefix) => reader.read(runId, prefix).catch(() => undefined) },
    close: async () => {
      redis.disconnect();
    },
  };
}

/** How long a PostgreSQL store's reads are reused: it has many writers and no cheap change marker. */
const SHARED_STORE_TTL_MS = 2000;

/**
 * The store cache's version token. DuckDB: the database and WAL files' size and mtime (exact). PostgreSQL: the
 * current 2-second slot, so the pages show data at most that old.
 */
function storeVersion(store: ResultsStore): () => Promise<string> {
  if (!(store instanceof DuckDbResultsStore)) {
    return async () => String(Math.floor(Date.now() / SHARED_STORE_TTL_MS));
  }
  const file = store.path;
  const sig = (f: string) =>
    stat(f).then(
      (s) => `${s.size}:${s.mtimeMs}`,
      () => '-',
    );
  return async () => `${await sig(file)}|${await sig(`${file}.wal`)}`;
}

/** Starts the server and answers with its URL; the caller stops it with close(). */
export async function startServe(
  ctx: CliContext,
  flags: ServeFlags,
  tuning: { pollMs?: number } = {},
): Promise<RunningServer> {
  const host = flags.host ?? '127.0.0.1';
  const port = intFlag(flags.port, '--port', 0) ?? 7070;
  const loopback = LOOPBACK.has(host);
  if (!loopback && !flags.auth) {
    throw new UsageError(`--host ${host} exposes the dashboard beyond this machine: it needs --auth`, {
      hint: 'create a key with `evohub serve keys create --scope read`, then add --auth',
    });
  }
  const root = findRepoRoot(path.resolve(ctx.cwd, flags.repo ?? '.'));
  const keys = fileKeyStore(keysFile(root));
  if (flags.auth && (await keys.list()).length === 0) {
    throw new UsageError('--auth needs at least one API key, and there is none yet', {
      hint: 'run `npx evohub serve keys create --scope read` (or write) first',
    });
  }
  const config = await readEvohubConfig(root);
  const configText = (await readTextOrNull(path.join(root, 'evohub.yaml'))) ?? '';
  const redact = createRedactor(secretsFromEnv(ctx.env, secretNamesInConfig(configText)));
  const opened = openCommandStore(ctx, { repoRoot: root, flag: flags.results, config, mode: 'read' });
  const store = cachedStore(opened.store, storeVersion(opened.store));
  const repo = await openGitRepository(root);
  const redis = await progressFrom(flags.redis);
  const live = liveProgress();
  // Evolutions this server started report within each generation; others through Redis or their checkpoints.
  const progress: ProgressSource = {
    read: async (runId, prefix) => live.read(runId) ?? redis.source?.read(runId, prefix),
  };
  const audit = fileAuditLog(auditFile(root));
  const deps: ServerDeps = {
    root,
    resolve: { repo, worktree: workingTree(root), promptNameFromPath },
    store,
    progress,
    redis: redis.source !== undefined,
    actions: cliActions({ root, env: ctx.env, audit, redact, live, resultsFlag: flags.results }),
    keys,
    audit,
    auth: Boolean(flags.auth),
    redact,
    webDir: webDir(),
    nodeModules: nodeModulesDir(),
    decisionLog: decisionLogFile(root),
    now: () => new Date(),
    pollMs: tuning.pollMs,
  };
  const allowedHosts: string[] = [];
  const app = createApp(deps, { version: VERSION, allowedHosts });
  const server = serve({ fetch: app.fetch, port, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new UsageError(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`, {
          hint: 'pick another --port',
        }),
      ),
    );
  });
  const actual = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  // Loopback binds accept only loopback Host headers (DNS rebinding); others take any Host.
  if (loopback) allowedHosts.push(...[`127.0.0.1:${actual}`, `localhost:${actual}`, `[::1]:${actual}`]);
  const url = `http://${shown}:${actual}/`;
  return {
    url,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open event streams would hold close() forever.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await redis.close();
      await store.close();
    },
  };
}

export async function runServe(ctx: CliContext, flags: ServeFlags): Promise<void> {
  const running = await startServe(ctx, flags);
  ctx.stdout.write(`evohub serve: listening on ${running.url}${flags.auth ? ' (API keys required)' : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
}
