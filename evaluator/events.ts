/**
 * Eval's members of the one progress event stream (core/events.ts), named where the evaluator's code looks for
 * them. Listeners must be cheap: they run on the evaluation's path.
 */
export type { EvalEvent, EvalEventListener } from '../core/events.ts';
