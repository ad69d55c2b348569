/**
 * `helm lint` and `helm template` of charts/evohub with the helm built from Go modules by scripts/testenv/build.sh.
 * Helm's own config and cache go to a temp dir so the test neither reads nor writes the user's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  EVOLUTION_RUN_CRD_PATH,
  evolutionRunCrd,
  readEvolutionRunSchema,
} from '../../operator/crd/evolution-run-crd.ts';
import { ensureBinaries, REPO_ROOT } from './binaries.ts';

const CHART = join(REPO_ROOT, 'charts/evohub');
let home: string;
let helmBin: string;

before(() => {
  helmBin = ensureBinaries(['helm']).helm;
  home = mkdtempSync(join(tmpdir(), 'evohub-helm-'));
});
after(() => {
  rmSync(home, { recursive: true, force: true });
});

function helm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(helmBin, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('helm lint passes on charts/evohub', () => {
  const r = helm('lint', CHART);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test('helm lint fails on a broken copy of the chart (the check can fail)', () => {
  const broken = join(home, 'broken');
  cpSync(CHART, broken, { recursive: true });
  writeFileSync(join(broken, 'Chart.yaml'), 'apiVersion: v2\nname: evohub\n'); // no version
  const r = helm('lint', broken);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /version/i);
});

test('helm template --include-crds renders the generated EvolutionRun CRD unchanged', () => {
  const r = helm('template', 'evohub', CHART, '--namespace', 'evohub', '--include-crds');
  assert.equal(r.status, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map(
    (d) => d.toJS() as { kind?: string; metadata?: { name?: string } },
  );
  const crd = docs.find((d) => d?.kind === 'CustomResourceDefinition');
  assert.ok(crd, `no CRD in:\n${r.stdout.slice(0, 500)}`);
  assert.deepEqual(crd, evolutionRunCrd(readEvolutionRunSchema(REPO_ROOT)));
  // And the file helm read is the checked-in one.
  assert.ok(
    readFileSync(join(REPO_ROOT, EVOLUTION_RUN_CRD_PATH), 'utf8').includes('evolutionruns.evohub.io'),
  );
});
