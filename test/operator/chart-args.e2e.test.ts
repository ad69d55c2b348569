/**
 * Every `evohub` command line the evohub chart can render is accepted by the real CLI parser: the chart is
 * rendered with the real helm (scripts/testenv) for every combination of values.schema.json's enums and
 * booleans (with and without the optional strings that add flags), and each evohub container's args are
 * parsed by the command definitions of cli/main.ts with the action replaced (nothing runs). The flags
 * docs/operator.md lists are parsed the same way.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Command, Option } from 'commander';
import { parseAllDocuments } from 'yaml';
import { loadCommandModules } from '../../cli/commands/index.ts';
import { memoryContext } from '../../cli/context.ts';
import { buildProgram } from '../../cli/main.ts';
import { operatorConfig } from '../../cli/operator/run-operator-command.ts';
import { ensureBinaries, REPO_ROOT } from '../control-plane/binaries.ts';

const CHART = join(REPO_ROOT, 'charts/evohub');
const run = promisify(execFile);
let helmBin: string;
let home: string;

before(() => {
  helmBin = ensureBinaries(['helm']).helm;
  home = mkdtempSync(join(tmpdir(), 'evohub-chart-args-'));
});
after(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

type Schema = { type?: string; enum?: unknown[]; properties?: Record<string, Schema> };

/** Each enum or boolean in the schema as a dotted path with its possible values. */
function dimensions(schema: Schema, prefix = ''): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (sub.enum) out.push([path, sub.enum]);
    else if (sub.type === 'boolean') out.push([path, [false, true]]);
    else if (sub.properties) out.push(...dimensions(sub, path));
  }
  return out;
}

function combinations(dims: [string, unknown[]][]): Record<string, unknown>[] {
  return dims.reduce<Record<string, unknown>[]>(
    (acc, [path, values]) => acc.flatMap((c) => values.map((v) => ({ ...c, [path]: v }))),
    [{}],
  );
}

/** Optional strings whose presence renders extra flags (--namespace, --service-account, ...). */
const OPTIONAL_STRINGS = {
  'operator.watchNamespace': 'team-a',
  'operator.leaderElection.namespace': 'evohub-system',
  'workers.serviceAccountName': 'evohub-runner',
};

/** Values the chart requires for some combinations (an external Redis when the bundled one is off). */
function required(values: Record<string, unknown>): Record<string, unknown> {
  return values['redis.deploy'] === false ? { 'redis.url': 'redis://redis.example:6379' } : {};
}

async function render(values: Record<string, unknown>): Promise<string> {
  const sets = Object.entries({ ...values, ...required(values) }).flatMap(([k, v]) => [
    '--set',
    `${k}=${String(v)}`,
  ]);
  const { stdout } = await run(helmBin, ['template', 'x', CHART, '--namespace', 'evohub', ...sets], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'c'),
      HELM_CONFIG_HOME: join(home, 'f'),
      HELM_DATA_HOME: join(home, 'd'),
    },
  });
  return stdout;
}

type Container = { name: string; image: string; args?: string[]; command?: string[] };

function evohubContainers(manifests: string): Container[] {
  const containers: Container[] = [];
  for (const doc of parseAllDocuments(manifests)) {
    const o = doc.toJS() as { spec?: { template?: { spec?: { containers?: Container[] } } } } | null;
    for (const c of o?.spec?.template?.spec?.containers ?? []) {
      if (c.image.startsWith('ghcr.io/evohub/evohub')) containers.push(c);
    }
  }
  return containers;
}

/**
 * Parses `evohub <args>` with the real command tree; the leaf command's action only records its options.
 * Returns the exit code and what commander printed.
 */
async function parse(args: readonly string[]) {
  const { ctx, stderr } = memoryContext(tmpdir(), {});
  const program = buildProgram(ctx, await loadCommandModules());
  let parsed: { command: string; opts: Record<string, string | boolean | undefined> } | undefined;
  const capture = (cmd: Command) => {
    cmd.action((opts: Record<string, string | boolean | undefined>) => {
      parsed = { command: cmd.name(), opts };
    });
    for (const sub of cmd.commands) capture(sub);
  };
  for (const sub of program.commands) capture(sub);
  let error: unknown;
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { parsed, error, stderr: stderr() };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

test('every evohub container the chart renders, for every enum/boolean combination, parses with the CLI', async () => {
  const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as Schema;
  const dims = dimensions(schema);
  assert.ok(
    dims.some(([p]) => p === 'rbac.argoWorkflows'),
    'the schema walk finds rbac.argoWorkflows',
  );
  const combos = combinations(dims).flatMap((c) => [c, { ...c, ...OPTIONAL_STRINGS }]);
  const rendered = await mapLimit(combos, 4, async (values) => ({ values, text: await render(values) }));
  const seenFlags = new Set<string>();
  for (const { values, text } of rendered) {
    const containers = evohubContainers(text);
    assert.ok(containers.length > 0, `no evohub container rendered for ${JSON.stringify(values)}`);
    for (const c of containers) {
      const args = [...(c.command ?? []), ...(c.args ?? [])];
      const r = await parse(args);
      assert.equal(
        r.error,
        undefined,
        `values ${JSON.stringify(values)}: container ${c.name} args ${JSON.stringify(args)} rejected:\n${r.stderr}`,
      );
      assert.ok(r.parsed, `args ${JSON.stringify(args)} reached no command`);
      for (const a of args) if (a.startsWith('--')) seenFlags.add(a.split('=')[0] as string);
      if (r.parsed.command === 'operator') {
        // The parsed values are also valid for the operator's own checks (integers, required Redis URL).
        const { ctx } = memoryContext(tmpdir(), { EVOHUB_REDIS_URL: 'redis://redis:6379' });
        const config = operatorConfig(ctx, r.parsed.opts);
        assert.equal(config.watchWorkflows, values['rbac.argoWorkflows'] === true);
      }
    }
  }
  // The combinations reach the conditional flags, so the check above covered them.
  for (const flag of ['--argo-workflows', '--namespace', '--service-account']) {
    assert.ok(seenFlags.has(flag), `no combination rendered ${flag}`);
  }
});

test('every operator flag docs/operator.md lists is declared and parses', async () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs/operator.md'), 'utf8');
  const paragraph = doc.slice(doc.indexOf('Flags:'), doc.indexOf('\n\n', doc.indexOf('Flags:')));
  const flags = [...new Set([...paragraph.matchAll(/`(--[a-z][a-z-]*)`/g)].map((m) => m[1] as string))];
  assert.ok(flags.length >= 10, `found only ${flags.length} flags in docs/operator.md`);
  const { ctx } = memoryContext(tmpdir(), {});
  const operator = buildProgram(ctx, await loadCommandModules()).commands.find(
    (c) => c.name() === 'operator',
  );
  assert.ok(operator);
  for (const flag of flags) {
    const option: Option | undefined = operator.options.find((o) => o.long === flag);
    assert.ok(option, `docs/operator.md lists ${flag} but \`evohub operator\` does not declare it`);
    const args: string[] = option.required || option.optional ? [flag, '3'] : [flag];
    const r = await parse(['operator', ...args]);
    assert.equal(r.error, undefined, `evohub operator ${args.join(' ')} rejected:\n${r.stderr}`);
  }
});
