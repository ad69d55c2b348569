import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressBar } from './progress.ts';

test('the progress bar draws on a terminal from events, labels simulated runs, and clears at the end', () => {
  let out = '';
  let t = 0;
  const bar = progressBar({ write: (s: string) => (out += s), isTTY: true }, () => (t += 50));
  bar.listener({
    type: 'run-started',
    runId: 'r',
    prompt: 'triage',
    provider: 'simulated/x',
    simulated: true,
    total: 4,
  });
  for (let i = 1; i <= 4; i++) {
    bar.listener({
      type: 'evaluation-scored',
      runId: 'r',
      done: i,
      total: 4,
      caseId: String(i),
      repeat: 0,
      cached: i === 2,
    });
  }
  assert.match(out, /triage \(simulated\) ░+ 0\/4/);
  assert.match(out, /█+ 4\/4 · 1 cached/);
  bar.listener({ type: 'run-finished', runId: 'r', status: 'completed', evaluations: 4 });
  assert.ok(out.endsWith('\r\x1b[2K'));
});

test('not a terminal: nothing is drawn', () => {
  let out = '';
  const bar = progressBar({ write: (s: string) => (out += s) });
  bar.listener({ type: 'run-started', runId: 'r', prompt: 'p', provider: 'x/y', simulated: false, total: 1 });
  bar.end();
  assert.equal(out, '');
});
