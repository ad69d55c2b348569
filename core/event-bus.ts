/**
 * A fan-out of the progress event stream (core/events.ts): the emitter holds one listener (`emit`), consumers
 * subscribe once. A consumer that throws does not stop the others nor the run: its error goes to
 * `onListenerError` (the edge decides: log it, or fail).
 */
import type { ProgressEvent, ProgressListener } from './events.ts';

export type EventBus<E extends ProgressEvent = ProgressEvent> = {
  emit: ProgressListener<E>;
  /** Adds a consumer; returns its unsubscribe. */
  subscribe(listener: ProgressListener<E>): () => void;
};

export function createEventBus<E extends ProgressEvent = ProgressEvent>(
  onListenerError: (error: unknown, event: E) => void,
  listeners: readonly (ProgressListener<E> | undefined)[] = [],
): EventBus<E> {
  const subscribed = new Set<ProgressListener<E>>();
  for (const l of listeners) if (l) subscribed.add(l);
  return {
    emit: (event) => {
      for (const listener of [...subscribed]) {
        try {
          listener(event);
        } catch (error) {
          // Not rethrown: a broken consumer (a display, a log) must not fail the run; onListenerError reports it.
          onListenerError(error, event);
        }
      }
    },
    subscribe: (listener) => {
      subscribed.add(listener);
      return () => {
        subscribed.delete(listener);
      };
    },
  };
}
