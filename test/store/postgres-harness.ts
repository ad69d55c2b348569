/**
 * PostgreSQL for tests, never a mock: the machine's server at 127.0.0.1:5432 (trust auth, user postgres) when
 * one answers; else the Debian `postgresql` package's initdb/pg_ctl started on a free port in a temp data
 * directory; else a skip reason naming what is missing. Each caller gets a fresh database, dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);

export type TestPostgres = {
  /** URL of a fresh, empty database. */
  url: string;
  /** A URL of another fresh database on the same server (for tests that need two). */
  another(): Promise<string>;
  /** Drops the databases (and stops a server this harness started). */
  stop(): Promise<void>;
};

export type TestPostgresResult = { pg: TestPostgres } | { skip: string };

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function debianBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  for (const v of readdirSync(base).sort().reverse()) {
    const bin = join(base, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/** Runs a PostgreSQL binary; as root it must run as the `postgres` user (initdb refuses root). */
function asServerUser(cmd: string, args: string[]) {
  if (process.getuid?.() === 0) return run('runuser', ['-u', 'postgres', '--', cmd, ...args]);
  return run(cmd, args);
}

async function startOwnServer(bin: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'evohub-pg-'));
  await chmod(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  await asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  await asServerUser(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    base: `postgres://postgres@127.0.0.1:${port}`,
    stop: async () => {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestPostgres(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TestPostgresResult> {
  let base = env.EVOHUB_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
  let stopServer = async (): Promise<void> => undefined;
  if (!(await reachable(`${base}/postgres`))) {
    const bin = debianBinaries();
    if (!bin) {
      return {
        skip: `no PostgreSQL at ${base} and no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)`,
      };
    }
    const own = await startOwnServer(bin);
    base = own.base;
    stopServer = own.stop;
  }
  const admin = `${base}/postgres`;
  const created: string[] = [];
  const create = async () => {
    const name = `evohub_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    created.push(name);
    return `${base}/${name}`;
  };
  const url = await create();
  return {
    pg: {
      url,
      another: create,
      stop: async () => {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        try {
          for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
        await stopServer();
      },
    },
  };
}
