/**
 * The feedback ports: where the runtime SDK writes flagged production cases (a sink) and where
 * `evohub feedback pull` reads them back (a source). Implementations in `adapters/feedback/`: a JSONL file,
 * a PostgreSQL table, Prometheus exemplars.
 */
import type { FeedbackCase } from '../feedback/feedback-case.ts';

export type FeedbackSink = {
  /** Stores one (already redacted) case. */
  write(c: FeedbackCase): Promise<void>;
  close?(): Promise<void>;
};

export type FeedbackSource = {
  /** What the pull request says the cases came from, e.g. `file .evohub/feedback.jsonl` (no credentials). */
  readonly description: string;
  /** Cases recorded at or after `since` (all when absent), oldest first. */
  read(options: { since?: Date }): Promise<FeedbackCase[]>;
  close?(): Promise<void>;
};
