import { EvohubError } from '../../core/errors.ts';
import { checkMatrix } from '../../core/gate/matrix.ts';
import type { PromSeries } from '../../core/gate/samples.ts';

/** The one Prometheus HTTP API call the gate needs (the I/O edge; everything else is in core/gate). */
export type PrometheusClient = {
  /** `GET /api/v1/query` of a range-vector selector at `time` (unix seconds): the raw samples of each series. */
  queryRange(query: string, time: number): Promise<PromSeries[]>;
};

export type PrometheusClientOptions = {
  /** Base URL, e.g. `http://prometheus.monitoring.svc:9090` (a path prefix is kept). */
  url: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

function ioError(message: string, hint: string, cause?: unknown): EvohubError {
  return new EvohubError('IO', message, { hint, cause });
}

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.url.replace(/\/+$/, '');
  return {
    async queryRange(query, time) {
      const url = `${base}/api/v1/query?${new URLSearchParams({ query, time: String(time) })}`;
      let res: Response;
      try {
        res = await doFetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/json' },
        });
      } catch (cause) {
        const why =
          cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : '';
        throw ioError(
          `cannot reach Prometheus at ${base}${why ? `: ${why}` : ''}`,
          'check --prometheus / `prometheus:` in the gate config; no decision is made without data',
          cause,
        );
      }
      const text = await res.text();
      let body: {
        status?: string;
        error?: string;
        errorType?: string;
        data?: { resultType?: string; result?: unknown };
      };
      try {
        body = JSON.parse(text);
      } catch {
        throw ioError(
          `Prometheus at ${base} answered HTTP ${res.status} with something that is not JSON`,
          'is the URL the Prometheus server (not a UI proxy)?',
        );
      }
      // `null`, a number or an array is JSON too, but not a Prometheus answer.
      if (typeof body !== 'object' || body === null || Array.isArray(body)) body = {};
      if (!res.ok || body.status !== 'success') {
        throw ioError(
          `Prometheus query failed (HTTP ${res.status}${body.errorType ? `, ${body.errorType}` : ''}): ${body.error ?? 'no error message'}`,
          `query: ${query}`,
        );
      }
      if (body.data?.resultType !== 'matrix' || !Array.isArray(body.data.result)) {
        throw ioError(
          `Prometheus returned a ${body.data?.resultType ?? 'malformed'} result where a matrix was expected`,
          `query: ${query}`,
        );
      }
      return checkMatrix(body.data.result, query);
    },
  };
}
