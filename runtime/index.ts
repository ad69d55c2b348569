/**
 * What applications import: load a prompt version (a mounted ConfigMap directory or a git ref), render it, and
 * record request outcomes as Prometheus counters that `evohub gate` reads back, and (opt-in) record flagged
 * outcomes, PII-redacted, as future test cases for `evohub feedback pull` (docs/feedback.md). Metric names: see
 * `core/gate/outcome-metrics.ts` and docs/canary-gate.md.
 */

export { fileFeedbackSink } from '../adapters/feedback/file-feedback.ts';
export { postgresFeedbackSink } from '../adapters/feedback/postgres-feedback.ts';
export { prometheusFeedbackSink } from '../adapters/feedback/prometheus-feedback.ts';
export type { FeedbackCase } from '../core/feedback/feedback-case.ts';
export type { PiiSettings } from '../core/feedback/pii.ts';
export { OUTCOME_LABELS, OUTCOME_METRICS } from '../core/gate/outcome-metrics.ts';
export type { FeedbackSink } from '../core/ports/feedback.ts';
export {
  createFeedbackRecorder,
  type FeedbackRecorder,
  type FeedbackRecorderOptions,
  type FlaggedOutcome,
  readPiiSettings,
} from './feedback-recorder.ts';
export { type DirSource, type GitSource, type LoadedPrompt, loadPrompt } from './load-prompt.ts';
export {
  createOutcomeRecorder,
  type Outcome,
  type OutcomeRecorder,
  type OutcomeRecorderOptions,
} from './outcome-recorder.ts';
export { type PodLabelVariantOptions, parsePodLabels, variantFromPodLabels } from './pod-labels.ts';
export { createPromptReloader, type PromptReloader } from './prompt-reloader.ts';
