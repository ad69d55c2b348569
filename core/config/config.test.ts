import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError, NotFoundError, ValidationError } from '../errors.ts';
import {
  DEFAULT_EVOHUB_CONFIG,
  listEnvironments,
  parseEnvironment,
  parseEvohubConfig,
  readEnvironment,
  readEvohubConfig,
} from './index.ts';
import { unknownPinProblems } from './pins.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'evohub-config-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('parseEvohubConfig returns the settings as written; an empty file is an empty config', () => {
  assert.deepEqual(parseEvohubConfig('', 'evohub.yaml'), {});
  assert.deepEqual(parseEvohubConfig('# nothing yet\n', 'evohub.yaml'), {});
  const c = parseEvohubConfig(
    'providers:\n  openai:\n    apiKeyEnv: OPENAI_API_KEY\n    concurrency: 8\nbudget:\n  maxUsd: 2.5\n',
    'evohub.yaml',
  );
  assert.deepEqual(c, {
    providers: { openai: { apiKeyEnv: 'OPENAI_API_KEY', concurrency: 8 } },
    budget: { maxUsd: 2.5 },
  });
});

test('parseEvohubConfig: every problem located, typos get a hint', () => {
  assert.throws(
    () => parseEvohubConfig('cache:\n  enabled: yes please\nbudgets: {}\n', 'evohub.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.userMessage().split('\n'), [
        'evohub.yaml:2:12: cache.enabled: must be a boolean (got a string)',
        'evohub.yaml:3:1: unknown property "budgets" (did you mean "budget"?)',
      ]);
      return true;
    },
  );
});

test('parseEnvironment: pins are versions or commit-ishes', () => {
  assert.deepEqual(parseEnvironment('prompts:\n  triage: 3\n  summary: 1a2b3c4\n', 'production.yaml'), {
    prompts: { triage: 3, summary: '1a2b3c4' },
  });
  assert.throws(
    () => parseEnvironment('prompts:\n  triage: 2.5\n', 'e.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(
        e.userMessage(),
        'e.yaml:2:11: prompts.triage: a pin must be a version number or a commit-ish string',
      );
      return true;
    },
  );
  assert.throws(() => parseEnvironment('pins: {}\n', 'e.yaml'), ValidationError);
});

test('readEvohubConfig: a missing file gives the defaults; a file is merged over them', async () => {
  const empty = join(root, 'empty');
  await mkdir(empty);
  const d = await readEvohubConfig(empty);
  assert.deepEqual(d.cache, DEFAULT_EVOHUB_CONFIG.cache);
  assert.deepEqual(d.github, { labels: ['evohub'], reviewers: [], baseBranch: 'main' });
  assert.deepEqual(d.providers, {});

  const repo = join(root, 'repo');
  await mkdir(repo);
  await writeFile(join(repo, 'evohub.yaml'), 'cache:\n  enabled: false\ngithub:\n  baseBranch: trunk\n');
  const c = await readEvohubConfig(repo);
  assert.deepEqual(c.cache, { dir: '.evohub/cache', enabled: false });
  assert.deepEqual(c.github, { labels: ['evohub'], reviewers: [], baseBranch: 'trunk' });

  await writeFile(join(repo, 'evohub.yaml'), 'cache: [1]\n');
  await assert.rejects(readEvohubConfig(repo), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.equal(e.problems[0]?.location.file, join(repo, 'evohub.yaml'));
    return true;
  });
});

test('readEnvironment: reads environments/<env>.yaml; a missing one lists the known ones', async () => {
  const repo = join(root, 'envs');
  await mkdir(join(repo, 'environments'), { recursive: true });
  await writeFile(join(repo, 'environments/production.yaml'), 'prompts:\n  triage: 2\n');
  await writeFile(join(repo, 'environments/staging.yml'), 'prompts:\n  triage: main\n');
  assert.deepEqual(await readEnvironment(repo, 'production'), { prompts: { triage: 2 } });
  assert.deepEqual(await readEnvironment(repo, 'staging'), { prompts: { triage: 'main' } });
  assert.deepEqual(await listEnvironments(repo), ['production', 'staging']);
  await assert.rejects(readEnvironment(repo, 'qa'), (e: unknown) => {
    assert.ok(e instanceof NotFoundError);
    assert.match(e.userMessage(), /environment "qa" not found.*known environments: production, staging/);
    return true;
  });
  await assert.rejects(readEnvironment(repo, '../secrets'), ConfigError);
  assert.deepEqual(await listEnvironments(join(root, 'none')), []);
});

test('unknownPinProblems: pins naming no prompt, located at the key, with a suggestion', () => {
  const text = 'prompts:\n  ticket-triage: 2\n  tiket-triage: 1\n  gone: main\n';
  assert.deepEqual(
    unknownPinProblems(text, 'environments/production.yaml', ['ticket-triage', 'summarizer']).map(
      (p) => `${p.location.line}:${p.location.column} ${p.location.field} ${p.message}`,
    ),
    [
      '3:3 /prompts/tiket-triage prompts.tiket-triage: pins a prompt that does not exist (no tiket-triage.prompt.yml or tiket-triage.prompt.yaml) (did you mean "ticket-triage"?)',
      '4:3 /prompts/gone prompts.gone: pins a prompt that does not exist (no gone.prompt.yml or gone.prompt.yaml)',
    ],
  );
  assert.deepEqual(unknownPinProblems('prompts: [', 'e.yaml', []), []);
});

test('paths in evohub.yaml stay inside the repository: cache.dir with .. or an absolute path is located', () => {
  for (const dir of ['../../home/runner/.ssh', 'a/../../x', '/etc/evohub', 'C:/cache']) {
    assert.throws(
      () => parseEvohubConfig(`cache:\n  dir: ${dir}\n`, 'evohub.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.problems[0]?.location.line, 2);
        assert.match(e.userMessage(), /cache\.dir: must be a path inside the repository/);
        return true;
      },
      dir,
    );
  }
  assert.deepEqual(parseEvohubConfig('cache:\n  dir: .evohub/my..cache\n', 'evohub.yaml').cache, {
    dir: '.evohub/my..cache',
  });
});
