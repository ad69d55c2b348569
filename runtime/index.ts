/**
 * What applications import: load a prompt version (a mounted ConfigMap directory or a git ref), render it, and
 * record request outcomes as Prometheus counters that `evohub gate` reads back. Metric names: see
 * `core/gate/outcome-metrics.ts` and docs/canary-gate.md.
 */
export { OUTCOME_LABELS, OUTCOME_METRICS } from '../core/gate/outcome-metrics.ts';
export { type DirSource, type GitSource, type LoadedPrompt, loadPrompt } from './load-prompt.ts';
export {
  createOutcomeRecorder,
  type Outcome,
  type OutcomeRecorder,
  type OutcomeRecorderOptions,
} from './outcome-recorder.ts';
export { type PodLabelVariantOptions, parsePodLabels, variantFromPodLabels } from './pod-labels.ts';
export { createPromptReloader, type PromptReloader } from './prompt-reloader.ts';
