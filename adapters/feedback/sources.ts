/** The registry of feedback sources `evohub feedback pull --from` knows. */
import { isAbsolute, join } from 'node:path';
import type { FeedbackSettings } from '../../core/config/types.ts';
import { UsageError } from '../../core/errors.ts';
import type { FeedbackSource } from '../../core/ports/feedback.ts';

export type SourceRequest = { root: string; settings: FeedbackSettings; flagUrl?: string; flagFile?: string };

type SourceFactory = { description: string; open(r: SourceRequest): Promise<FeedbackSource> };

export const DEFAULT_FEEDBACK_FILE = '.evohub/feedback.jsonl';

export const FEEDBACK_SOURCES: Readonly<Record<string, SourceFactory>> = {
  file: {
    description: `a JSONL file of cases (--file, feedback.file, default ${DEFAULT_FEEDBACK_FILE})`,
    async open({ root, settings, flagFile }) {
      const rel = flagFile ?? settings.file ?? DEFAULT_FEEDBACK_FILE;
      const { fileFeedbackSource } = await import('./file-feedback.ts');
      return fileFeedbackSource(isAbsolute(rel) ? rel : join(root, rel), rel);
    },
  },
  postgres: {
    description: 'the evohub_feedback_cases table (--url, feedback.postgres; password from PGPASSWORD)',
    async open({ settings, flagUrl }) {
      const url = flagUrl ?? settings.postgres;
      if (!url)
        throw new UsageError('--from postgres needs a database', {
          hint: 'pass --url postgres://… or set feedback.postgres in evohub.yaml',
        });
      const { postgresFeedbackSource } = await import('./postgres-feedback.ts');
      return postgresFeedbackSource(url);
    },
  },
  prometheus: {
    description:
      'exemplars of evohub_feedback_flagged_total (--url, feedback.prometheus): short single inputs only',
    async open({ settings, flagUrl }) {
      const url = flagUrl ?? settings.prometheus;
      if (!url)
        throw new UsageError('--from prometheus needs a server', {
          hint: 'pass --url http://prometheus:9090 or set feedback.prometheus in evohub.yaml',
        });
      const { prometheusFeedbackSource } = await import('./prometheus-feedback.ts');
      return prometheusFeedbackSource(url);
    },
  },
};

export async function openFeedbackSource(kind: string, r: SourceRequest): Promise<FeedbackSource> {
  const factory = FEEDBACK_SOURCES[kind];
  if (!factory) {
    throw new UsageError(`unknown feedback source "${kind}"`, {
      hint: `--from is one of: ${Object.entries(FEEDBACK_SOURCES)
        .map(([k, f]) => `${k} (${f.description})`)
        .join('; ')}`,
    });
  }
  return factory.open(r);
}
