/**
 * The EvolutionRun resource (evohub.io/v1alpha1) and what the operator observes of the cluster, as plain data.
 * The shape follows schemas/evolution-run.schema.json (the single source of the CRD); nothing here imports a
 * Kubernetes client, so the reconcile plan stays pure and snapshot-testable.
 */

export const GROUP = 'evohub.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'EvolutionRun';
export const PLURAL = 'evolutionruns';
export const FINALIZER = 'evohub.io/redis-cleanup';
export const FIELD_MANAGER = 'evohub-operator';

export type ObjectMeta = {
  name: string;
  namespace: string;
  uid: string;
  generation?: number;
  resourceVersion?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

export type SecretKeyRef = { name: string; key: string };

export type EvolutionRunSpec = {
  repository: { url: string; ref?: string; tokenSecret?: SecretKeyRef };
  promptPath: string;
  algorithm: {
    name: 'nsga2' | 'map-elites' | 'cma-es' | 'ga' | 'random';
    population?: number;
    generations?: number;
    seed?: number;
    objectives: { name: string; direction?: 'maximize' | 'minimize' }[];
  };
  budget: { maxEvaluations?: number; maxUsd?: number };
  providerKeySecret: { name: string; keys?: string[] };
  workers?: {
    min?: number;
    max?: number;
    resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  };
  executor?: 'job' | 'argo-workflow';
  output?: {
    pullRequest?: { enabled?: boolean; baseBranch?: string; labels?: string[]; reviewers?: string[] };
  };
};

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A metav1.Condition. */
export type Condition = {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
};

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Deleting';

export type EvolutionRunStatus = {
  phase?: Phase;
  conditions?: Condition[];
  observedGeneration?: number;
  generation?: number;
  evaluations?: number;
  costUsd?: number;
  bestFitness?: number;
  pullRequestUrl?: string;
  startTime?: string;
  completionTime?: string;
  message?: string;
};

export type EvolutionRun = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: EvolutionRunSpec;
  status?: EvolutionRunStatus;
};

/** What the operator saw of one owned Job (batch/v1). */
export type ObservedJob = {
  name: string;
  parallelism?: number;
  active?: number;
  succeeded?: number;
  failed?: number;
  /** True when the Job has condition Complete=True / Failed=True. */
  complete: boolean;
  failedCondition: boolean;
  /** The Failed condition's message, if any. */
  message?: string;
};

/** What the operator saw of the run's Argo Workflow. */
export type ObservedWorkflow = { name: string; phase?: string };

/**
 * Progress the coordinator writes to Redis under `<prefix>:progress` (a JSON string; see docs/operator.md): the
 * operator copies it into the status. Every field is optional: a coordinator that has not written yet leaves
 * the status' counters at their last values.
 */
export type RunProgress = {
  generation?: number;
  evaluations?: number;
  costUsd?: number;
  bestFitness?: number;
  pullRequestUrl?: string;
  /** Set by the coordinator when it has finished (the Job's completion is authoritative, this is informative). */
  done?: boolean;
  message?: string;
};

/** Settings of the operator that shape the objects it creates (from flags / the chart's values). */
export type OperatorSettings = {
  /** Image with `evohub` as its entrypoint. */
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Image with git, for the coordinator's clone init container. */
  gitImage: string;
  /** Redis URL the coordinator and workers use. */
  redisUrl: string;
  /** Queue jobs one worker pod is expected to take at once: parallelism = ceil(depth / jobsPerWorker). */
  jobsPerWorker: number;
  /** Concurrency of each `evohub worker`. */
  workerConcurrency: number;
  serviceAccountName?: string;
  /**
   * Seconds between a run's deletion and the removal of its Redis keys (default 30, the pods' termination
   * grace period): the Jobs are deleted first, and a terminating pod must not write into Redis after the cleanup.
   */
  cleanupGraceSeconds?: number;
  /** Seconds a finished Job is kept (ttlSecondsAfterFinished); undefined keeps it. */
  ttlSecondsAfterFinished?: number;
};

export type Observed = {
  run: EvolutionRun;
  coordinator?: ObservedJob;
  evaluator?: ObservedJob;
  workflow?: ObservedWorkflow;
  /** Waiting + active evaluation jobs of the run's queue; undefined when Redis could not be read. */
  queueDepth?: number;
  progress?: RunProgress;
  /** The current time (ISO 8601), for condition transitions and start/completion times. */
  now: string;
  settings: OperatorSettings;
};

/** A Kubernetes object to create, as plain JSON. */
export type ManifestObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller: boolean;
      blockOwnerDeletion: boolean;
    }[];
  };
  spec: Record<string, unknown>;
};

export type EventType = 'Normal' | 'Warning';

/** One step of a reconcile, performed in order by the operator. */
export type Action =
  | { kind: 'add-finalizer' }
  | { kind: 'create'; object: ManifestObject }
  | { kind: 'scale-job'; name: string; parallelism: number }
  | { kind: 'delete-job'; name: string }
  | { kind: 'delete-workflow'; name: string }
  | { kind: 'cleanup-redis'; prefix: string }
  | { kind: 'remove-finalizer' }
  | { kind: 'event'; type: EventType; reason: string; message: string };

export type Plan = {
  actions: Action[];
  /** The status to write, or undefined when it is unchanged. */
  status?: EvolutionRunStatus;
  /** Reconcile again after this many ms (polling Redis for depth and progress while running). */
  requeueAfterMs?: number;
};
