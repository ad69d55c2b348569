/**
 * Fuzzing the CLI on a real temporary git repository: hostile prompt files, evohub.yaml and datasets, then
 * `validate`, `show`, `eval` and `ab analyze`; hostile Prometheus answers, then `gate`. Properties: exit 0, 1 or
 * 2 with a one-line typed error, never "internal error"; nothing printed with raw control characters; and the
 * repository (working tree and .git, except the results store in .evohub/) unchanged by any of them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import { OUTCOME_METRICS } from '../../core/gate/outcome-metrics.ts';
import { hasControlCharacters } from '../../core/text/safe-text.ts';
import {
  AB_INPUT,
  CONFIG,
  DATASET_ROWS,
  FUZZ_SEED,
  hostileValue,
  jsonText,
  mutated,
  PROMPT,
  params,
  treeHash,
  yamlText,
} from './hostile.ts';

let dir: string;
let server: Server;
let matrixBody = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evohub-fuzz-'));
  await mkdir(join(dir, 'prompts'));
  await mkdir(join(dir, 'datasets'));
  await writeFile(
    join(dir, 'prompts/f.prompt.yml'),
    'model: simulated/ticket-triage\nmessages:\n  - role: user\n    content: hi\n',
  );
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(matrixBody);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await writeFile(
    join(dir, 'gate.yaml'),
    `prometheus: http://127.0.0.1:${port}\nprompt: p\nminSamples: 10\nprimary: { metric: success }\n`,
  );
  git('add', '-A');
  git('commit', '-qm', 'gate');
});

after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const m = memoryContext(dir);
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

function assertTyped(r: { code: number; out: string; err: string }, what: string) {
  assert.ok([0, 1, 2].includes(r.code), `${what}: exit ${r.code}`);
  assert.doesNotMatch(r.err, /internal error/, `${what}: ${r.err}`);
  assert.ok(!hasControlCharacters(r.out + r.err), `${what}: raw control characters printed`);
}

const files = fc.record({
  prompt: yamlText(mutated(PROMPT, 4)),
  config: fc.option(yamlText(mutated(CONFIG, 3)), { nil: undefined }),
  dataset: fc
    .tuple(fc.array(mutated(DATASET_ROWS[0], 2), { maxLength: 4 }), fc.array(hostileValue, { maxLength: 2 }))
    .map(([rows, extra]) => [...rows, ...extra].map((r) => JSON.stringify(r) ?? 'NaN').join('\n')),
  ab: jsonText(mutated(AB_INPUT, 4)),
});

async function writeCase(c: { prompt: string; config: string | undefined; dataset: string; ab: string }) {
  // Half of the prompts point at the dataset file instead of inline rows.
  const prompt = c.prompt.includes('testData:') ? c.prompt : `${c.prompt}\ntestData: ../datasets/d.jsonl\n`;
  await writeFile(join(dir, 'prompts/f.prompt.yml'), prompt);
  await writeFile(join(dir, 'datasets/d.jsonl'), c.dataset);
  await writeFile(join(dir, 'ab.json'), c.ab);
  if (c.config === undefined) await rm(join(dir, 'evohub.yaml'), { force: true });
  else await writeFile(join(dir, 'evohub.yaml'), c.config);
}

test(`fuzz (seed ${FUZZ_SEED}; EVOHUB_FUZZ_SEED=${FUZZ_SEED} reproduces): validate, show and ab analyze on a git repository`, async () => {
  await fc.assert(
    fc.asyncProperty(files, async (c) => {
      await writeCase(c);
      const before = await treeHash(dir, ['.evohub']);
      assertTyped(await cli('validate'), 'validate');
      assertTyped(await cli('validate', '--json'), 'validate --json');
      assertTyped(await cli('show', 'f'), 'show f');
      assertTyped(await cli('show', 'f@HEAD', '--json'), 'show f@HEAD');
      assertTyped(await cli('ab', 'analyze', 'ab.json'), 'ab analyze');
      assert.equal(await treeHash(dir, ['.evohub']), before, 'the repository changed');
    }),
    params(25),
  );
});

/** For eval, mostly runnable prompts: no evohub.yaml, hostile dataset cells, few other mutations. */
const runnable = fc.record({
  prompt: yamlText(
    fc
      .array(mutated(DATASET_ROWS[0], 2), { minLength: 1, maxLength: 4 })
      .chain((rows) => mutated({ ...PROMPT, testData: rows }, 1)),
  ),
  config: fc.constant(undefined),
  dataset: fc.constant(''),
  ab: fc.constant('{}'),
});

test(`fuzz (seed ${FUZZ_SEED}): eval on hostile prompts (simulated provider, offline)`, async () => {
  await fc.assert(
    fc.asyncProperty(runnable, async (c) => {
      await writeCase(c);
      const before = await treeHash(dir, ['.evohub']);
      const e = await cli('eval', 'prompts/f.prompt.yml', '--no-cache');
      assertTyped(e, 'eval');
      assert.equal(await treeHash(dir, ['.evohub']), before, 'the repository changed');
    }),
    params(6),
  );
});

const names = Object.values(OUTCOME_METRICS);
const body = fc.oneof(
  fc.constantFrom('null', '[]', '{}', '"x"', '{"status":"success"}', '{"status":"success","data":null}'),
  fc
    .array(
      fc.record({
        metric: fc.oneof(
          fc.record({
            __name__: fc.constantFrom(...names),
            prompt: fc.constant('p'),
            variant: fc.constantFrom('stable', 'canary'),
          }),
          hostileValue,
        ),
        values: fc.oneof(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 2e9 }),
              fc.constantFrom('1', '10', 'NaN', '-4000', '+Inf', ''),
            ),
            {
              maxLength: 4,
            },
          ),
          hostileValue,
        ),
      }),
      { maxLength: 8 },
    )
    .map((result) =>
      JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }, (_k, v) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ),
    ),
);

test(`fuzz (seed ${FUZZ_SEED}): gate on hostile Prometheus answers`, async () => {
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      matrixBody = b;
      const r = await cli('gate', '--config', 'gate.yaml', '--json');
      assertTyped(r, 'gate');
      if (r.code === 0) assert.equal(JSON.parse(r.out).decision, 'promote');
    }),
    params(30),
  );
});
