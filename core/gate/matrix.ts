import { GateDataError, type PromSeries, seriesName } from './samples.ts';

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The `data.result` of a Prometheus range query, checked to be a matrix before anything reads it: an array of
 * `{metric: {label: string}, values: [[unixSeconds, "value"], …]}`. A malformed answer (a proxy, a broken
 * remote-read backend) is one error naming the query and the series, never a TypeError later on. Values are
 * only checked to be strings here; whether they are counter values is samples.ts's business.
 */
export function checkMatrix(result: unknown, query: string): PromSeries[] {
  const fail = (message: string) =>
    new GateDataError(`Prometheus returned a malformed matrix: ${message}`, query);
  if (!Array.isArray(result)) throw fail('result must be an array');
  result.forEach((s: unknown, i) => {
    if (!isObject(s)) throw fail(`result[${i}] must be an object with metric and values`);
    const metric = s.metric;
    if (!isObject(metric) || Object.values(metric).some((v) => typeof v !== 'string'))
      throw fail(`result[${i}].metric must be an object of label strings`);
    const where = `result[${i}] (${seriesName(metric as Record<string, string>)})`;
    if (!Array.isArray(s.values)) throw fail(`${where}.values must be an array`);
    s.values.forEach((pair: unknown, j) => {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== 'number' ||
        !Number.isFinite(pair[0]) ||
        typeof pair[1] !== 'string'
      ) {
        throw fail(
          `${where}.values[${j}] must be [unixSeconds, "value"], got ${JSON.stringify(pair)?.slice(0, 80)}`,
        );
      }
    });
  });
  return result as PromSeries[];
}
