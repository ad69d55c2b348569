/**
 * The server's write actions, performed by the CLI's own implementations in-process (never a shell): each gets a
 * context rooted at the repository that collects its `--json` output. An evolve runs in the background; its end
 * is recorded in the audit log too.
 */
import { EvohubError } from '../../core/errors.ts';
import type { Redactor } from '../../core/redact.ts';
import type { AuditLog } from '../../server/audit-log.ts';
import type { ActionResult, ServerActions } from '../../server/deps.ts';
import type { LiveProgress } from '../../server/live-progress.ts';
import { type CliContext, memoryContext } from '../context.ts';
import { newRunId } from '../evolve/flags.ts';

/** The evolve flags a request may set (as the CLI's long options, camel-cased); everything else is refused. */
const EVOLVE_OPTIONS: Readonly<Record<string, 'string' | 'boolean'>> = {
  algorithm: 'string',
  population: 'string',
  generations: 'string',
  objectives: 'string',
  budgetEvals: 'string',
  budgetUsd: 'string',
  seed: 'string',
  heldOut: 'string',
  racing: 'boolean',
  surrogate: 'boolean',
  commit: 'boolean',
  maxErrorRate: 'string',
};

function evolveFlags(options: Record<string, string | number | boolean>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(options)) {
    const type = EVOLVE_OPTIONS[k];
    if (!type) {
      throw new EvohubError('USAGE', `evolve option "${k}" is not allowed here`, {
        hint: `allowed: ${Object.keys(EVOLVE_OPTIONS).join(', ')}`,
      });
    }
    if (type === 'boolean' && typeof v !== 'boolean')
      throw new EvohubError('USAGE', `evolve option "${k}" must be true or false`);
    out[k] = type === 'boolean' ? (v as boolean) : String(v);
  }
  return out;
}

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text.trim();
  }
};

/**
 * The answer to a started evolve waits for its first event (it has started: its run is stored) or its failure
 * (bad input: an unknown prompt, a bad option), at most this long.
 */
const START_WAIT_MS = 10_000;

export function cliActions(o: {
  root: string;
  env: CliContext['env'];
  audit: AuditLog;
  redact: Redactor;
  live: LiveProgress;
  resultsFlag?: string;
}): ServerActions {
  const context = () => memoryContext(o.root, { ...o.env });
  // Promote and propose commit to the same repository: one at a time, in the order they came.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  return {
    promote: ({ spec, env, create, candidate }) =>
      oneAtATime(async (): Promise<ActionResult> => {
        const { runPromote } = await import('../history/promote.ts');
        const m = context();
        await runPromote(m.ctx, spec, { env, create, json: true, candidate, resultsUrl: o.resultsFlag });
        return { output: jsonOf(m.stdout()) };
      }),
    propose: ({ run, candidate }) =>
      oneAtATime(async (): Promise<ActionResult> => {
        const { runPropose } = await import('../propose/run-propose.ts');
        const m = context();
        const flags = { json: true, resultsUrl: o.resultsFlag, ...(candidate ? { candidate } : {}) };
        await runPropose(m.ctx, run, flags);
        return { output: jsonOf(m.stdout()) };
      }),
    evolve: async ({ prompt, options }): Promise<ActionResult> => {
      const { runEvolveCommand } = await import('../evolve/run-evolve-command.ts');
      const flags = {
        ...evolveFlags(options),
        jsonEvents: true,
        resultsUrl: o.resultsFlag,
        runId: newRunId(Date.now()),
      };
      const m = context();
      // Its event lines feed the live progress the event stream shows within each generation.
      let pending = '';
      let startedSignal = () => {};
      const started = new Promise<undefined>((resolve) => {
        startedSignal = () => resolve(undefined);
      });
      const events: CliContext = {
        ...m.ctx,
        stdout: {
          write: (chunk: string) => {
            pending += chunk;
            let at = pending.indexOf('\n');
            while (at >= 0) {
              o.live.line(pending.slice(0, at));
              startedSignal();
              pending = pending.slice(at + 1);
              at = pending.indexOf('\n');
            }
            return true;
          },
        },
      };
      const finish = (result: 'ok' | 'error', detail: string) =>
        o.audit
          .append({
            at: new Date().toISOString(),
            who: 'server',
            action: 'evolve-finished',
            target: flags.runId,
            result,
            detail: o.redact(detail).slice(0, 500),
          })
          .catch(() => {
            // The audit log itself failed: the run's status is still in the results store.
          });
      const running = runEvolveCommand(events, prompt, flags).then(
        () => finish('ok', ''),
        (error: unknown) => {
          void finish('error', error instanceof EvohubError ? error.userMessage() : 'internal error');
          throw error;
        },
      );
      // A bad request fails at once: answer with its error. A run that starts is left to report through the store.
      const early = await Promise.race([
        running.then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
        started,
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), START_WAIT_MS).unref()),
      ]);
      if (early) throw early.error;
      running.catch(() => {});
      return { output: { runId: flags.runId, prompt } };
    },
  };
}
