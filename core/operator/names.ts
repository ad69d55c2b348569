/**
 * Names the operator derives from an EvolutionRun: its objects' names and labels, the run id the coordinator
 * uses and the Redis key prefix of the run. All derived from the object's name and uid, so a restarted
 * operator computes the same names and never creates a second Job.
 */
import type { EvolutionRun } from './types.ts';

const MAX_NAME = 63;

/** A DNS label ≤ 63 characters: `<base>-<suffix>`, the base shortened (with a uid fragment) when too long. */
function childName(run: EvolutionRun, suffix: string): string {
  const full = `${run.metadata.name}-${suffix}`;
  if (full.length <= MAX_NAME) return full;
  const tag = run.metadata.uid.replace(/-/g, '').slice(0, 8);
  const room = MAX_NAME - suffix.length - tag.length - 2;
  return `${run.metadata.name.slice(0, room).replace(/[-.]+$/, '')}-${tag}-${suffix}`;
}

export function coordinatorJobName(run: EvolutionRun): string {
  return childName(run, 'coordinator');
}

export function evaluatorName(run: EvolutionRun): string {
  return childName(run, 'workers');
}

/** The run id passed to `evohub evolve --run-id`: stable across coordinator restarts (resume), unique per object. */
export function runIdOf(run: EvolutionRun): string {
  return `er-${run.metadata.uid.replace(/-/g, '').slice(0, 16)}`;
}

/** The Redis key prefix of one run: its queue, cache, budget and progress keys all live under `<prefix>:`. */
export function redisPrefixOf(run: EvolutionRun): string {
  return `evohub-${runIdOf(run)}`;
}

/** The key the coordinator writes its progress to (JSON, see RunProgress). */
export function progressKey(prefix: string): string {
  return `${prefix}:progress`;
}

export const MANAGED_BY = 'evohub-operator';
export const RUN_LABEL = 'evohub.io/run';

export function labelsOf(run: EvolutionRun, component: 'coordinator' | 'evaluator'): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'evohub',
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [RUN_LABEL]: run.metadata.name.slice(0, MAX_NAME).replace(/[-.]+$/, ''),
  };
}

/** `namespace/name`, the work queue's key. */
export function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function parseKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
