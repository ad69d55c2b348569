/**
 * Live progress within a generation (issue 13 item 4): counts the case evaluations as they are scored and emits
 * `generation-started` and `evaluations-progress` (core/events.ts) with the run's spend against its budget.
 */
import type { EvalEventListener } from '../../core/events.ts';
import type { EvolveRun } from './run-types.ts';

export type GenerationTracker = {
  /** One evaluation call: its listener, then `settle` with its record count (workers may not report each). */
  call(): { listener: EvalEventListener; settle(records: number): void };
};

export function generationTracker(
  run: EvolveRun,
  generation: number,
  candidates: number,
  estimate: number,
): GenerationTracker {
  const { state, opts } = run;
  const emit = opts.onEvent;
  // The spend before this generation's evaluations (optimizer calls included); counters move as rungs finish.
  const base = { paidCalls: state.counters.paidCalls, costUsd: state.counters.costUsd };
  const planned = estimate;
  let done = 0;
  let paidCalls = 0;
  let costUsd = 0;
  emit?.({
    type: 'generation-started',
    runId: state.runId,
    generation,
    generations: run.settings.generations,
    candidates,
    planned,
  });
  const progress = () =>
    emit?.({
      type: 'evaluations-progress',
      runId: state.runId,
      generation,
      done,
      planned: Math.max(planned, done),
      paidCalls: base.paidCalls + paidCalls,
      costUsd: base.costUsd + costUsd,
      budget: run.settings.budget,
    });
  return {
    call: () => {
      let seen = 0;
      return {
        listener: (e) => {
          if (e.type !== 'evaluation-scored') return;
          seen++;
          done++;
          if (!e.cached) {
            paidCalls++;
            costUsd += e.costUsd ?? 0;
          }
          progress();
        },
        settle: (records) => {
          if (records <= seen) return;
          done += records - seen;
          progress();
        },
      };
    },
  };
}
