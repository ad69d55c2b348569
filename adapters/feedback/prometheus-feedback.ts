/**
 * Feedback through Prometheus. A metric is no place for request bodies: series labels must stay low-cardinality
 * and an exemplar's labels may hold at most 128 characters (OpenMetrics). So the sink counts flagged outcomes in
 * `evohub_feedback_flagged_total{prompt, version, reason}` and attaches an exemplar `{case_id, input}` when
 * the redacted input fits and needs no escaping (else `{case_id}` alone); the source reads the exemplars back
 * (`/api/v1/query_exemplars`, Prometheus started with `--enable-feature=exemplar-storage`) and turns those that
 * carry an input into cases with one variable, `input`. Longer inputs, several variables or the model's output
 * need the file or PostgreSQL sink (docs/feedback.md).
 */
import { Counter, type OpenMetricsContentType, type Registry } from 'prom-client';
import { EvohubError, UsageError } from '../../core/errors.ts';
import type { FeedbackCase } from '../../core/feedback/feedback-case.ts';
import type { FeedbackSink, FeedbackSource } from '../../core/ports/feedback.ts';
import { redactUrl } from '../../core/redact-url.ts';

export const FEEDBACK_METRIC = 'evohub_feedback_flagged_total';
/** OpenMetrics: the exemplar's label names and values together, in UTF-8 characters. */
export const EXEMPLAR_LABEL_LIMIT = 128;

/**
 * Characters OpenMetrics escapes in a label value. Prometheus 2.42 (Debian 12) stores exemplar label values still
 * escaped (`\"` for `"`), newer releases unescape them: an input holding one could not be read back exactly, so
 * it is left out rather than committed altered.
 */
const ESCAPED_IN_LABELS = /["\\\n]/;

/** The exemplar labels of a case: with its input when it fits the limit and reads back unchanged. */
export function exemplarLabels(c: FeedbackCase): Record<string, string> {
  const base = { case_id: c.id };
  const input = c.variables.input;
  if (typeof input !== 'string' || Object.keys(c.variables).length !== 1) return base;
  if (ESCAPED_IN_LABELS.test(input)) return base;
  const size = [...'case_id', ...c.id, ...'input', ...input].length;
  return size <= EXEMPLAR_LABEL_LIMIT ? { ...base, input } : base;
}

/** The registry must serve OpenMetrics (`registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE)`) for exemplars. */
export function prometheusFeedbackSink(registry: Registry<OpenMetricsContentType>): FeedbackSink {
  const existing = registry.getSingleMetric(FEEDBACK_METRIC);
  const counter =
    (existing as Counter<'prompt' | 'version' | 'reason'> | undefined) ??
    new Counter({
      name: FEEDBACK_METRIC,
      help: 'Flagged production outcomes; exemplars carry the case id and, when short, its input.',
      labelNames: ['prompt', 'version', 'reason'],
      registers: [registry],
      enableExemplars: true,
    });
  return {
    async write(c) {
      counter.inc({
        labels: { prompt: c.prompt, version: c.version, reason: c.reason ?? '' },
        value: 1,
        exemplarLabels: exemplarLabels(c),
      });
    },
  };
}

type ExemplarAnswer = {
  status?: string;
  error?: string;
  data?: {
    seriesLabels?: Record<string, string>;
    exemplars?: { labels?: Record<string, string>; timestamp?: number }[];
  }[];
};

/**
 * `http://user:pass@prometheus:9090` (a Prometheus behind basic auth): fetch refuses URLs with credentials, so
 * they travel as an Authorization header and never appear in the description or in errors.
 */
function splitCredentials(url: string): { base: string; authorization?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`not a Prometheus URL: "${redactUrl(url)}"`, {
      hint: 'pass --url http://prometheus:9090 or set feedback.prometheus in evohub.yaml',
    });
  }
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const base = u.toString().replace(/\/+$/, '');
  if (!user && !password) return { base };
  return { base, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export function prometheusFeedbackSource(
  url: string,
  options: { now?: () => Date; fetch?: typeof fetch; timeoutMs?: number } = {},
): FeedbackSource {
  const { base, authorization } = splitCredentials(url);
  const doFetch = options.fetch ?? fetch;
  return {
    description: `Prometheus ${base} (exemplars of ${FEEDBACK_METRIC})`,
    async read({ since }) {
      const end = (options.now?.() ?? new Date()).getTime() / 1000;
      // Exemplar storage is a ring buffer: asking further back than a week finds nothing anyway.
      const start = since ? since.getTime() / 1000 : end - 7 * 86400;
      const q = new URLSearchParams({ query: FEEDBACK_METRIC, start: String(start), end: String(end) });
      let body: ExemplarAnswer;
      try {
        const res = await doFetch(`${base}/api/v1/query_exemplars?${q}`, {
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
        });
        body = (await res.json()) as ExemplarAnswer;
      } catch (cause) {
        throw new EvohubError(
          'IO',
          `cannot read exemplars from Prometheus at ${base}: ${(cause as Error).message}`,
          {
            hint: 'check feedback.prometheus in evohub.yaml or --url; exemplars need --enable-feature=exemplar-storage',
            cause,
          },
        );
      }
      if (body.status !== 'success' || !Array.isArray(body.data)) {
        throw new EvohubError(
          'IO',
          `Prometheus at ${base} refused the exemplar query: ${body.error ?? 'no data'}`,
          {
            hint: 'exemplars need Prometheus ≥ 2.26 started with --enable-feature=exemplar-storage',
          },
        );
      }
      const out: FeedbackCase[] = [];
      for (const series of body.data) {
        const s = series.seriesLabels ?? {};
        for (const e of series.exemplars ?? []) {
          const l = e.labels ?? {};
          // Without its input an exemplar is only a pointer to a case kept elsewhere: nothing to test with.
          if (!l.case_id || l.input === undefined || !s.prompt) continue;
          out.push({
            id: l.case_id,
            time: new Date((e.timestamp ?? end) * 1000).toISOString(),
            prompt: s.prompt,
            version: s.version ?? '',
            variables: { input: l.input },
            ...(s.reason ? { reason: s.reason } : {}),
          });
        }
      }
      return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    },
  };
}
