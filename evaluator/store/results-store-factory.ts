/**
 * The one place that opens a results store: a registry of openers keyed by URL scheme. Every command goes
 * through `openResultsStoreAt`; a location without a scheme is a DuckDB file path (the embedded default).
 */
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';
import { redactUrl } from '../../core/redact-url.ts';
import { DuckDbResultsStore, defaultResultsPath } from './duckdb-results-store.ts';
import { PostgresResultsStore } from './postgres/postgres-results-store.ts';

export type StoreMode = 'read' | 'write';

export type StoreOpener = {
  /** One line for help and errors. */
  description: string;
  open(location: string, opts: { repoRoot: string; mode: StoreMode }): ResultsStore;
};

/** A DuckDB location (`duckdb:<path>` or a path) as an absolute file path. */
export const duckdbFile = (location: string, repoRoot: string): string => {
  const path = location.replace(/^duckdb:(\/\/)?/i, '');
  return isAbsolute(path) ? path : resolve(repoRoot, path);
};

/** Scheme (lower case, without `:`) → opener. */
export const RESULTS_STORES: Readonly<Record<string, StoreOpener>> = {
  duckdb: {
    description: 'duckdb:<path> or a plain path: an embedded DuckDB file (one writing process)',
    open: (location, { repoRoot, mode }) => new DuckDbResultsStore(duckdbFile(location, repoRoot), { mode }),
  },
  postgres: {
    description: 'postgres://user@host:5432/db: a shared PostgreSQL database (many writers)',
    open: (location, { mode }) => new PostgresResultsStore(location, { mode }),
  },
  postgresql: {
    description: 'postgresql://…: the same as postgres://',
    open: (location, { mode }) => new PostgresResultsStore(location, { mode }),
  },
};

/** `postgres://…` → `postgres`; a path (or a Windows drive letter) → undefined. */
export function schemeOf(location: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):/i.exec(location);
  return m ? (m[1] as string).toLowerCase() : undefined;
}

/** Where the results go: `--results-url`, else EVOHUB_RESULTS_URL, else `results:` in evohub.yaml, else DuckDB. */
export function resultsLocation(o: {
  flag?: string;
  env?: Readonly<Record<string, string | undefined>>;
  config?: { results?: string };
  repoRoot: string;
}): string {
  return o.flag || o.env?.EVOHUB_RESULTS_URL || o.config?.results || defaultResultsPath(o.repoRoot);
}

/** The location for messages: URLs lose their credentials. */
export function describeResultsLocation(location: string): string {
  return schemeOf(location) === undefined ? location : redactUrl(location);
}

export function openResultsStoreAt(
  location: string,
  opts: { repoRoot: string; mode: StoreMode },
): ResultsStore {
  const scheme = schemeOf(location) ?? 'duckdb';
  const opener = RESULTS_STORES[scheme];
  if (!opener) {
    throw new UsageError(`unknown results store "${describeResultsLocation(location)}"`, {
      hint: `use one of: ${Object.values(RESULTS_STORES)
        .map((o) => o.description)
        .join('; ')}`,
    });
  }
  return opener.open(location, opts);
}
