/**
 * The objects a run needs, as data: the coordinator Job (`evohub evolve --distributed`), the evaluator Job
 * (`evohub worker`, its parallelism following the queue) and, with `executor: argo-workflow`, an Argo Workflow
 * in place of the evaluator Job. Both carry an owner reference to the run.
 */
import { coordinatorJobName, evaluatorName, labelsOf, redisPrefixOf, runIdOf } from './names.ts';
import { workerBounds } from './scaling.ts';
import type { EvolutionRun, ManifestObject, OperatorSettings } from './types.ts';

const WORKSPACE = '/workspace';

function ownerReference(run: EvolutionRun) {
  return {
    apiVersion: run.apiVersion,
    kind: run.kind,
    name: run.metadata.name,
    uid: run.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

type EnvVar = Record<string, unknown>;

/** Provider keys: each named key as a variable of the same name, or the whole Secret when none are named. */
function providerEnv(run: EvolutionRun): { env: EnvVar[]; envFrom: EnvVar[] } {
  const secret = run.spec.providerKeySecret;
  if (secret.keys && secret.keys.length > 0) {
    return {
      env: secret.keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secret.name, key } } })),
      envFrom: [],
    };
  }
  return { env: [], envFrom: [{ secretRef: { name: secret.name } }] };
}

/** Pull-request settings, as environment variables (flags of `evohub evolve` may change; these are stable). */
function pullRequestEnv(run: EvolutionRun): EnvVar[] {
  const pr = run.spec.output?.pullRequest;
  const env: EnvVar[] = [{ name: 'EVOHUB_PULL_REQUEST', value: pr?.enabled === false ? 'false' : 'true' }];
  const base = pr?.baseBranch ?? run.spec.repository.ref;
  if (base) env.push({ name: 'EVOHUB_PULL_REQUEST_BASE', value: base });
  if (pr?.labels?.length) env.push({ name: 'EVOHUB_PULL_REQUEST_LABELS', value: pr.labels.join(',') });
  if (pr?.reviewers?.length)
    env.push({ name: 'EVOHUB_PULL_REQUEST_REVIEWERS', value: pr.reviewers.join(',') });
  return env;
}

function tokenEnv(run: EvolutionRun): EnvVar[] {
  const t = run.spec.repository.tokenSecret;
  return t ? [{ name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: t.name, key: t.key } } }] : [];
}

/** The arguments of `evohub evolve` for the run (the image's entrypoint is `evohub`). */
export function coordinatorArgs(run: EvolutionRun, settings: OperatorSettings): string[] {
  const s = run.spec;
  const args = [
    'evolve',
    s.promptPath,
    '--distributed',
    '--redis',
    settings.redisUrl,
    '--queue-prefix',
    redisPrefixOf(run),
    '--run-id',
    runIdOf(run),
    '--algorithm',
    s.algorithm.name,
    '--objectives',
    s.algorithm.objectives.map((o) => o.name).join(','),
  ];
  if (s.algorithm.population !== undefined) args.push('--population', String(s.algorithm.population));
  if (s.algorithm.generations !== undefined) args.push('--generations', String(s.algorithm.generations));
  if (s.algorithm.seed !== undefined) args.push('--seed', String(s.algorithm.seed));
  if (s.budget.maxEvaluations !== undefined) args.push('--budget-evals', String(s.budget.maxEvaluations));
  if (s.budget.maxUsd !== undefined) args.push('--budget-usd', String(s.budget.maxUsd));
  args.push('--json');
  return args;
}

export function workerArgs(run: EvolutionRun, settings: OperatorSettings): string[] {
  return [
    'worker',
    '--redis',
    settings.redisUrl,
    '--queue-prefix',
    redisPrefixOf(run),
    '--concurrency',
    String(settings.workerConcurrency),
  ];
}

function podBase(settings: OperatorSettings): Record<string, unknown> {
  return {
    restartPolicy: 'Never',
    ...(settings.serviceAccountName ? { serviceAccountName: settings.serviceAccountName } : {}),
    securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 },
  };
}

const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** Metadata of every object a run owns: derived name, the run's labels and ids, an owner reference. */
function ownedMetadata(
  run: EvolutionRun,
  name: string,
  labels: Record<string, string>,
): ManifestObject['metadata'] {
  return {
    name,
    namespace: run.metadata.namespace,
    labels,
    annotations: { 'evohub.io/run-id': runIdOf(run), 'evohub.io/redis-prefix': redisPrefixOf(run) },
    ownerReferences: [ownerReference(run)],
  };
}

function ttlAfterFinished(settings: OperatorSettings): { ttlSecondsAfterFinished?: number } {
  return settings.ttlSecondsAfterFinished !== undefined
    ? { ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished }
    : {};
}

export function coordinatorJob(run: EvolutionRun, settings: OperatorSettings): ManifestObject {
  const repo = run.spec.repository;
  const { env, envFrom } = providerEnv(run);
  const labels = labelsOf(run, 'coordinator');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: ownedMetadata(run, coordinatorJobName(run), labels),
    spec: {
      // A retried pod resumes the same --run-id from its last checkpoint, so a retry repeats no paid call.
      backoffLimit: 3,
      ...ttlAfterFinished(settings),
      template: {
        metadata: { labels },
        spec: {
          ...podBase(settings),
          volumes: [
            { name: 'workspace', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
          initContainers: [
            {
              name: 'clone',
              image: settings.gitImage,
              command: ['sh', '-c'],
              // The token goes in a header from the environment, never into the URL or the repository's config.
              args: [
                // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a JS template
                'git ${GITHUB_TOKEN:+-c "http.extraHeader=Authorization: Bearer ${GITHUB_TOKEN}"} clone --branch "$EVOHUB_REPOSITORY_REF" -- "$EVOHUB_REPOSITORY_URL" /workspace',
              ],
              env: [
                { name: 'EVOHUB_REPOSITORY_URL', value: repo.url },
                { name: 'EVOHUB_REPOSITORY_REF', value: repo.ref ?? 'main' },
                { name: 'HOME', value: '/tmp' },
                ...tokenEnv(run),
              ],
              volumeMounts: [
                { name: 'workspace', mountPath: WORKSPACE },
                { name: 'tmp', mountPath: '/tmp' },
              ],
              securityContext: containerSecurity,
            },
          ],
          containers: [
            {
              name: 'coordinator',
              image: settings.image,
              ...(settings.imagePullPolicy ? { imagePullPolicy: settings.imagePullPolicy } : {}),
              args: coordinatorArgs(run, settings),
              workingDir: WORKSPACE,
              env: [
                { name: 'EVOHUB_RUN_ID', value: runIdOf(run) },
                { name: 'EVOHUB_REPOSITORY_URL', value: repo.url },
                { name: 'HOME', value: '/tmp' },
                ...pullRequestEnv(run),
                ...tokenEnv(run),
                ...env,
              ],
              envFrom,
              volumeMounts: [
                { name: 'workspace', mountPath: WORKSPACE },
                { name: 'tmp', mountPath: '/tmp' },
              ],
              securityContext: containerSecurity,
            },
          ],
        },
      },
    },
  };
}

function workerContainer(run: EvolutionRun, settings: OperatorSettings): Record<string, unknown> {
  const { env, envFrom } = providerEnv(run);
  const resources = run.spec.workers?.resources;
  return {
    name: 'worker',
    image: settings.image,
    ...(settings.imagePullPolicy ? { imagePullPolicy: settings.imagePullPolicy } : {}),
    args: workerArgs(run, settings),
    env: [{ name: 'EVOHUB_RUN_ID', value: runIdOf(run) }, { name: 'HOME', value: '/tmp' }, ...env],
    envFrom,
    ...(resources ? { resources } : {}),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    securityContext: containerSecurity,
  };
}

/** The evaluator Job: a work-queue Job (no completions) whose parallelism the operator patches. */
export function evaluatorJob(
  run: EvolutionRun,
  settings: OperatorSettings,
  parallelism: number,
): ManifestObject {
  const labels = labelsOf(run, 'evaluator');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: ownedMetadata(run, evaluatorName(run), labels),
    spec: {
      parallelism,
      // Workers that crash are replaced; a run's failure is decided by the coordinator, not by them.
      backoffLimit: 100,
      ...ttlAfterFinished(settings),
      template: {
        metadata: { labels },
        spec: {
          ...podBase(settings),
          volumes: [{ name: 'tmp', emptyDir: {} }],
          containers: [workerContainer(run, settings)],
        },
      },
    },
  };
}

/**
 * With `executor: argo-workflow`: workers.max copies of the worker step in parallel (Argo cannot resize a
 * running Workflow, so it is sized for the maximum; an idle worker costs a pod, not model calls).
 */
export function evaluatorWorkflow(run: EvolutionRun, settings: OperatorSettings): ManifestObject {
  const { max } = workerBounds(run.spec.workers);
  const labels = labelsOf(run, 'evaluator');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: ownedMetadata(run, evaluatorName(run), labels),
    spec: {
      entrypoint: 'workers',
      parallelism: max,
      ...(settings.serviceAccountName ? { serviceAccountName: settings.serviceAccountName } : {}),
      podMetadata: { labels },
      volumes: [{ name: 'tmp', emptyDir: {} }],
      templates: [
        {
          name: 'workers',
          steps: [[{ name: 'worker', template: 'worker', withSequence: { count: String(max) } }]],
        },
        { name: 'worker', container: workerContainer(run, settings) },
      ],
    },
  };
}
