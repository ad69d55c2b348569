/** The operator's log lines about its leadership, a consumer of its events (core/events.ts). */
import type { OperatorEvent, ProgressListener } from '../core/events.ts';
import type { Logger } from './reconciler.ts';

export function operatorLogListener(logger: Logger): ProgressListener<OperatorEvent> {
  return (e) => {
    if (e.type === 'leadership-changed')
      logger.info(e.leader ? 'became leader' : 'stopped leading', { id: e.id });
  };
}
