/** action.yml and the example workflow stay consistent with the code that serves them. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { memoryContext } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

type ActionYml = {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};

describe('action.yml', () => {
  const action = parse(readFileSync(here('./action.yml'), 'utf8')) as ActionYml;

  it('runs on node24 with a JavaScript main that exists', () => {
    assert.equal(action.runs.using, 'node24');
    assert.match(action.runs.main, /\.js$/);
    assert.ok(existsSync(here(`./${action.runs.main}`)));
  });

  it('declares exactly the inputs the entry reads, each documented', () => {
    const source = readFileSync(here('./run-action.ts'), 'utf8');
    const used = new Set([...source.matchAll(/(?:input\((?:io\.)?env, |opt\()'([^']+)'/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort());
    for (const [name, spec] of Object.entries(action.inputs)) assert.ok(spec.description, name);
  });

  it('declares the outputs `ci pr` writes', () => {
    const source = readFileSync(here('../cli/ci/run-ci-pr.ts'), 'utf8');
    for (const name of ['verdict', 'changed-prompts', 'comment-url']) {
      assert.ok(action.outputs[name], name);
      assert.ok(source.includes(`'${name}'`) || source.includes(`${name}:`), name);
    }
  });
});

describe('the example workflow', () => {
  type Workflow = {
    on: { pull_request: unknown };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown>; run?: string }> }>;
  };
  const wf = parse(readFileSync(here('./examples/evohub-pr.yml'), 'utf8')) as Workflow;
  const steps = Object.values(wf.jobs)[0]?.steps ?? [];

  it('has what `ci pr` needs: pull_request, write permission on pull requests, full history, Node 24', () => {
    assert.ok(wf.on.pull_request);
    assert.equal(wf.permissions['pull-requests'], 'write');
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth'], 0);
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version'], 24);
  });

  it('its evohub command parses (it stops only for lack of a pull_request event here)', async () => {
    const run = steps.map((s) => s.run ?? '').find((r) => r.startsWith('npx evohub '));
    assert.ok(run);
    const args = run.replace(/^npx evohub /, '').split(/\s+/);
    const m = memoryContext(here('.'), {});
    assert.equal(await runCli(args, m.ctx), 2);
    assert.match(m.stderr(), /GITHUB_EVENT_PATH is not set/);
  });
});
