/**
 * The Argo Rollouts manifests in templates/rollout/ against the upstream CRD schemas, plus the cross-references a
 * schema cannot check (templates the Rollout names exist, args it passes are declared, the gate flags the Job
 * runs exist, the example gate config is valid).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { loadCommandModules } from '../../cli/commands/index.ts';
import { memoryContext } from '../../cli/context.ts';
import { buildProgram } from '../../cli/main.ts';
import { parseGateConfig } from '../../core/gate/config.ts';
import { argoCrds } from '../support/argo-crds.ts';
import { crdValidator, kubeToJsonSchema, REPO_ROOT } from './crd-schema.ts';

const dir = join(REPO_ROOT, 'templates', 'rollout');
type Manifest = Record<string, unknown> & { metadata: { name: string }; spec: Record<string, unknown> };
const load = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Manifest;
const clone = <T>(x: T): T => structuredClone(x);

const crds = await argoCrds();
// Without the upstream CRDs the schema checks skip (with the resolver's one-line reason); the rest still run.
const skip = crds.skip;
const validator = (file: 'analysis-template-crd.yaml' | 'rollout-crd.yaml') => {
  if (!crds.dir) throw new Error(crds.skip);
  return crdValidator(crds.file(`argo-rollouts/${file}`));
};

function assertValid(validate: ValidateFunction, doc: unknown, what: string) {
  const ok = validate(doc);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

test('the AnalysisTemplates (job and web) are valid against the upstream CRD schema', { skip }, () => {
  const analysisTemplate = validator('analysis-template-crd.yaml');
  for (const file of ['analysis-template-job.yaml', 'analysis-template-web.yaml']) {
    const doc = load(file);
    assert.equal(doc.kind, 'AnalysisTemplate');
    assertValid(analysisTemplate, doc, file);
  }
});

test('the Rollout canary snippet is valid against the upstream CRD schema', { skip }, () => {
  const rollout = validator('rollout-crd.yaml');
  const doc = load('rollout-canary.yaml');
  assert.equal(doc.kind, 'Rollout');
  assertValid(rollout, doc, 'rollout-canary.yaml');
});

test('invalid manifests are rejected', { skip }, () => {
  const analysisTemplate = validator('analysis-template-crd.yaml');
  const rollout = validator('rollout-crd.yaml');
  const job = load('analysis-template-job.yaml');
  const metrics = () => (job.spec.metrics as Record<string, unknown>[])[0] as Record<string, unknown>;

  const wrongType = clone(job);
  ((wrongType.spec.metrics as Record<string, unknown>[])[0] as Record<string, unknown>).failureLimit = [0];
  assert.equal(analysisTemplate(wrongType), false, 'failureLimit must be an integer or a string');

  const typo = clone(job);
  const m = (typo.spec.metrics as Record<string, unknown>[])[0] as Record<string, unknown>;
  m.successCondtion = m.successCondition ?? 'true';
  assert.equal(analysisTemplate(typo), false, 'an unknown field (a typo) is rejected');
  assert.ok(analysisTemplate.errors?.some((e) => e.keyword === 'additionalProperties'));

  const noSpec = clone(job) as Partial<Manifest>;
  delete noSpec.spec;
  assert.equal(analysisTemplate(noSpec), false, 'spec is required');

  const noProvider = clone(job);
  delete ((noProvider.spec.metrics as Record<string, unknown>[])[0] as Record<string, unknown>).provider;
  assert.equal(analysisTemplate(noProvider), false, 'a metric needs a provider');

  const noJobSpec = clone(job);
  ((noJobSpec.spec.metrics as Record<string, unknown>[])[0] as { provider: unknown }).provider = { job: {} };
  assert.equal(analysisTemplate(noJobSpec), false, 'a job provider needs a Job spec');
  assert.ok(metrics());

  const r = load('rollout-canary.yaml');
  const badStep = clone(r);
  const canary = (badStep.spec.strategy as { canary: { steps: Record<string, unknown>[] } }).canary;
  canary.steps[0] = { setWeight: 'ten' };
  assert.equal(rollout(badStep), false, 'setWeight must be an integer');
});

test('the CRD conversion maps int-or-string and keeps extension-free schemas intact', () => {
  const converted = kubeToJsonSchema({
    type: 'object',
    properties: {
      count: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
      free: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { a: { type: 'string' } },
      },
    },
  });
  assert.deepEqual(converted, {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      free: { type: 'object', properties: { a: { type: 'string' } } },
    },
  });
});

test('the Rollout references the job template with args it declares, and supplies every required one', () => {
  const templates = new Map(
    ['analysis-template-job.yaml', 'analysis-template-web.yaml'].map((f) => {
      const t = load(f);
      return [t.metadata.name, t.spec.args as { name: string; value?: string }[]] as const;
    }),
  );
  const steps = (
    load('rollout-canary.yaml').spec.strategy as { canary: { steps: Record<string, unknown>[] } }
  ).canary.steps;
  const analyses = steps.filter((s) => s.analysis) as {
    analysis: { templates: { templateName: string }[]; args: { name: string; value: string }[] };
  }[];
  assert.equal(analyses.length, 2);
  for (const { analysis } of analyses) {
    for (const { templateName } of analysis.templates) {
      const declared = templates.get(templateName);
      assert.ok(declared, `template ${templateName} exists in templates/rollout`);
      for (const a of analysis.args)
        assert.ok(
          declared.some((d) => d.name === a.name),
          `arg ${a.name} is declared`,
        );
      for (const d of declared.filter((x) => x.value === undefined)) {
        assert.ok(
          analysis.args.some((a) => a.name === d.name),
          `required arg ${d.name} is supplied`,
        );
      }
    }
  }
  // Intermediate check tolerates continue; the final one requires promote.
  const onContinue = analyses.map((a) => a.analysis.args.find((x) => x.name === 'on-continue')?.value);
  assert.deepEqual(onContinue, ['pass', 'fail']);
});

test('every flag the job runs is an `evohub gate` option, and the example gate config is valid', async () => {
  const job = load('analysis-template-job.yaml');
  const container = (
    job.spec.metrics as {
      provider: { job: { spec: { template: { spec: { containers: { command: string[] }[] } } } } };
    }[]
  )[0]?.provider.job.spec.template.spec.containers[0];
  const command = container?.command ?? [];
  assert.deepEqual(command.slice(0, 2), ['evohub', 'gate']);
  const gate = buildProgram(memoryContext(REPO_ROOT).ctx, await loadCommandModules()).commands.find(
    (c) => c.name() === 'gate',
  );
  assert.ok(gate);
  const known = gate.options.map((o) => o.long);
  for (const flag of command.filter((a) => a.startsWith('--')))
    assert.ok(known.includes(flag), `${flag} exists`);

  const config = parseGateConfig(readFileSync(join(dir, 'gate.yaml'), 'utf8'), 'templates/rollout/gate.yaml');
  assert.equal(config.primary.metric, 'success');
  assert.deepEqual(
    config.guardrails.map((g) => g.metric),
    ['latency', 'cost', 'error_rate'],
  );
});

test('the gate serve Deployment and Service match the web template and the CLI', () => {
  const docs = parseAllDocuments(readFileSync(join(dir, 'gate-serve.yaml'), 'utf8')).map(
    (d) => d.toJS() as Manifest & { metadata: { namespace?: string } },
  );
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const service = docs.find((d) => d.kind === 'Service');
  assert.ok(deployment && service);
  const web = load('analysis-template-web.yaml');
  const gateUrl = (web.spec.args as { name: string; value?: string }[]).find(
    (a) => a.name === 'gate-url',
  )?.value;
  const port = (service.spec.ports as { port: number }[])[0]?.port;
  assert.equal(gateUrl, `http://${service.metadata.name}.${service.metadata.namespace}.svc:${port}`);
  const container = (
    deployment.spec.template as {
      spec: { containers: { command: string[]; readinessProbe: { httpGet: { path: string } } }[] };
    }
  ).spec.containers[0];
  assert.deepEqual(container?.command.slice(0, 3), ['evohub', 'gate', 'serve']);
  assert.equal(container?.command[container.command.indexOf('--port') + 1], String(port));
  assert.equal(container?.readinessProbe.httpGet.path, '/healthz');
  assert.deepEqual(service.spec.selector, (deployment.spec.selector as { matchLabels: unknown }).matchLabels);
});
