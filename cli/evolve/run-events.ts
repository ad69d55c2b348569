/**
 * The consumers of an evolve run's event stream (core/events.ts), subscribed once to one bus: the progress display
 * on stderr, the Redis progress record of a distributed coordinator, and `--json-events` on stdout.
 */
import { createEventBus, type EventBus } from '../../core/event-bus.ts';
import type { EvolveEvent } from '../../core/events.ts';
import type { EvolveSettings } from '../../core/evolve/settings.ts';
import type { CliContext } from '../context.ts';
import { jsonEventsWriter } from '../shared/json-events.ts';
import { evolveProgressDisplay } from './progress-display.ts';
import type { RunProgressReporter } from './run-redis.ts';

export function evolveEventBus(
  ctx: CliContext,
  o: {
    relPath: string;
    settings: EvolveSettings;
    jsonEvents: boolean;
    progress: RunProgressReporter | undefined;
  },
): EventBus<EvolveEvent> {
  const bus = createEventBus<EvolveEvent>((error, event) => {
    ctx.stderr.write(
      `warning: a progress consumer failed on ${event.type}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  });
  bus.subscribe(evolveProgressDisplay(ctx.stderr, o.relPath, o.settings));
  const { progress } = o;
  if (progress) bus.subscribe((e) => (e.type === 'generation-finished' ? progress.generation(e) : undefined));
  if (o.jsonEvents) bus.subscribe(jsonEventsWriter(ctx.stdout));
  return bus;
}
