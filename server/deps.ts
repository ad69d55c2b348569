/**
 * What the server reads and acts through, injected by `evohub serve` (cli/serve) or a test: the prompt repository,
 * the results store, Redis for live progress, the write actions, the key store, the audit log and the clock.
 */
import type { ResultsStore } from '../core/ports/results-store.ts';
import type { Redactor } from '../core/redact.ts';
import type { ResolveDeps } from '../core/revision.ts';
import type { AuditLog } from './audit-log.ts';
import type { KeyStore } from './security/keys.ts';

/** The live progress record of an evolution run (core/operator/progress.ts), or undefined when none is known. */
export type ProgressSource = {
  read(runId: string, prefix?: string): Promise<Record<string, unknown> | undefined>;
};

/** What an action answered: its JSON output (as the CLI's --json prints it). */
export type ActionResult = { output: unknown };

/** The write actions, performed by the CLI's own implementations (cli/serve/actions.ts). */
export type ServerActions = {
  promote(input: { spec: string; env: string; create?: boolean; candidate?: string }): Promise<ActionResult>;
  propose(input: { run: string; candidate?: string }): Promise<ActionResult>;
  /** Starts an evolve in the background and answers at once with its run id. */
  evolve(input: {
    prompt: string;
    options: Record<string, string | number | boolean>;
  }): Promise<ActionResult>;
};

export type ServerDeps = {
  /** Absolute path of the repository root. */
  root: string;
  resolve: ResolveDeps;
  store: ResultsStore;
  progress?: ProgressSource;
  /** True when a Redis server feeds live progress of distributed runs (GET /api/v1/info says so). */
  redis?: boolean;
  actions?: ServerActions;
  keys: KeyStore;
  audit: AuditLog;
  /** When true every /api/v1 route needs a key (any host but loopback requires it). */
  auth: boolean;
  redact: Redactor;
  /** Folder of the web UI's static files (server/web). */
  webDir: string;
  /** Folder of node_modules, for the vendored chart library. */
  nodeModules: string;
  /** Where the gate's decision log is: `.evohub/gate-decisions.jsonl` by default. */
  decisionLog: string;
  now: () => Date;
  /** Poll interval of the live event stream (ms). */
  pollMs?: number;
};
