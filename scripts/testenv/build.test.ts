import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { binaryPaths, ensureBinaries, REPO_ROOT } from '../../test/control-plane/binaries.ts';

const SCRIPT = join(REPO_ROOT, 'scripts/testenv/build.sh');

test('build.sh is a no-op when every binary is cached, and says where each one is', () => {
  ensureBinaries(); // provision has built them; builds them otherwise
  const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const paths = binaryPaths();
  for (const p of [paths.etcd, paths.kubeApiserver, paths.helm]) {
    assert.ok(r.stderr.includes(`cached at ${p}`), `expected "cached at ${p}" in:\n${r.stderr}`);
  }
  assert.doesNotMatch(r.stderr, /building/);
});

test('build.sh rejects an unknown target with a usage error listing the known ones', () => {
  const r = spawnSync('bash', [SCRIPT, 'kubectl'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown target 'kubectl' \(known: etcd, kube-apiserver, helm\)/);
});
