/** Evolution runs: the report and checkpoint view, and live progress as Server-Sent Events. */
import { streamSSE } from 'hono/streaming';
import type { LoopState } from '../../core/evolve/loop-state.ts';
import type { ResultsStore } from '../../core/ports/results-store.ts';
import type { ServerDeps } from '../deps.ts';
import { errorBody } from '../http-errors.ts';
import { idParam } from '../params.ts';
import type { Router } from '../router.ts';
import { evolutionView, progressOf } from './evolution-view.ts';
import { runOr404 } from './runs.ts';

async function stateOf(store: ResultsStore, runId: string): Promise<LoopState | undefined> {
  return (await store.latestCheckpoint(runId))?.state as LoopState | undefined;
}

const PREFIX = /^[A-Za-z0-9_.-]{1,100}$/;

async function progressNow(deps: ServerDeps, runId: string, prefix: string | undefined) {
  const run = await runOr404(deps.store, runId);
  const state = await stateOf(deps.store, runId);
  const live = run.status === 'running' ? await deps.progress?.read(runId, prefix) : undefined;
  return progressOf(run, state, live, deps.now());
}

export function evolutionRoutes(r: Router): void {
  const { deps } = r;
  r.get('/api/v1/evolutions/:runId', 'read', async (c) => {
    const id = idParam(c.req.param('runId'), 'runId');
    const run = await runOr404(deps.store, id);
    return evolutionView(run, await stateOf(deps.store, id));
  });

  r.raw('/api/v1/evolutions/:runId/events', 'read', async (c) => {
    const id = idParam(c.req.param('runId'), 'runId');
    const rawPrefix = c.req.query('prefix');
    const prefix = rawPrefix && PREFIX.test(rawPrefix) ? rawPrefix : undefined;
    await runOr404(deps.store, id); // a 404 before the stream starts
    const pollMs = deps.pollMs ?? 1000;
    return streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let last = '';
      let seq = 0;
      while (!closed) {
        let p: Awaited<ReturnType<typeof progressNow>>;
        try {
          p = await progressNow(deps, id, prefix);
        } catch (error) {
          // A failed read ends the stream with its (redacted) error; the page may reconnect.
          await stream.writeSSE({ event: 'error', data: deps.redact(JSON.stringify(errorBody(error).body)) });
          break;
        }
        const text = deps.redact(JSON.stringify(p));
        // Only changes are sent; a comment line keeps proxies from closing an idle stream.
        if (text !== last) await stream.writeSSE({ event: 'progress', data: text, id: String(seq++) });
        else await stream.write(': keep-alive\n\n');
        last = text;
        if (p.done) {
          await stream.writeSSE({ event: 'done', data: text, id: String(seq++) });
          break;
        }
        await stream.sleep(pollMs);
      }
    });
  });
}
