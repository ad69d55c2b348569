import { ValidationError } from '../errors.ts';
import type { Candidate, Evaluation } from './types.ts';

/** A told evaluation must answer a pending candidate with finite objectives, violation ≥ 0 and finite descriptors. */
export function checkEvaluation(
  e: Evaluation,
  objectives: number,
  pending: Map<number, Candidate<unknown>>,
): void {
  const where = { file: '(evaluations)', field: `/${e.id}` };
  if (!pending.has(e.id)) {
    throw new ValidationError([
      { location: where, message: `evaluation for unknown or already told candidate ${e.id}` },
    ]);
  }
  if (
    !Array.isArray(e.objectives) ||
    e.objectives.length !== objectives ||
    !e.objectives.every(Number.isFinite)
  ) {
    throw new ValidationError([
      { location: where, message: `candidate ${e.id}: objectives must be ${objectives} finite numbers` },
    ]);
  }
  const cv = e.constraintViolation ?? 0;
  if (!(Number.isFinite(cv) && cv >= 0)) {
    throw new ValidationError([
      { location: where, message: `candidate ${e.id}: constraintViolation must be ≥ 0` },
    ]);
  }
  if (e.descriptors && !e.descriptors.every(Number.isFinite)) {
    throw new ValidationError([
      { location: where, message: `candidate ${e.id}: descriptors must be finite numbers` },
    ]);
  }
}
