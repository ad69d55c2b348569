/**
 * `--json-events`: the progress event stream (core/events.ts) as JSON Lines, one event per line, each with the
 * time it was seen (`at`, ISO 8601) added. For scripts, CI logs and dashboards that read a run as it goes.
 */
import type { ProgressEvent, ProgressListener } from '../../core/events.ts';
import type { Output } from '../context.ts';

export function jsonEventsWriter(out: Output, now: () => number = Date.now): ProgressListener {
  return (event: ProgressEvent) => {
    out.write(`${JSON.stringify({ ...event, at: new Date(now()).toISOString() })}\n`);
  };
}
