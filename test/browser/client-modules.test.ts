/**
 * The dashboard's pure client modules under node (no browser): the hash router, the side-by-side alignment
 * of the diff package's output and the evolution chart options. They are plain browser ES modules (no types),
 * so they are imported by URL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Diff from 'diff';

const asset = (p: string) => new URL(`../../server/web/assets/${p}`, import.meta.url).href;

type Match = { route: { pattern: string }; params: Record<string, string>; query: URLSearchParams } | null;
const routes = (await import(asset('routes.js'))) as {
  match(hash: string): Match;
  href(segments: string[], query?: Record<string, string>): string;
};
type Row = {
  left: { n: number; text: string } | null;
  right: { n: number; text: string } | null;
  kind: string;
};
const sbs = (await import(asset('side-by-side.js'))) as {
  alignRows(d: typeof Diff, a: string, b: string): Row[];
};
type Series = { name: string; data: { value: number[]; hash: string }[] };
const charts = (await import(asset('evolution-charts.js'))) as {
  frontOption(evo: unknown): { series: Series[] };
};

test('the router matches patterns, decodes segments and keeps the query', () => {
  const m = routes.match('#/runs/abc%2F1/cases/c-7?repeat=2');
  assert.equal(m?.route.pattern, '/runs/:id/cases/:caseId');
  assert.deepEqual(m?.params, { id: 'abc/1', caseId: 'c-7' });
  assert.equal(m?.query.get('repeat'), '2');
  assert.equal(routes.match('#/runs/compare?a=x&b=y')?.route.pattern, '/runs/compare');
  assert.equal(routes.match('')?.route.pattern, '/');
  assert.equal(routes.match('#/no/such/page/here'), null);
  assert.equal(routes.href(['prompts', 'a b', 'diff'], { a: '1', b: '' }), '#/prompts/a%20b/diff?a=1');
});

test('side by side pairs a removed block with the added block after it and numbers both sides', () => {
  const rows = sbs.alignRows(Diff, 'one\ntwo\nthree\nfour\n', 'one\nTWO\nthree\nfour\nfive\n');
  assert.deepEqual(
    rows.map((r) => [r.kind, r.left?.n ?? null, r.right?.n ?? null]),
    [
      ['same', 1, 1],
      ['changed', 2, 2],
      ['same', 3, 3],
      ['same', 4, 4],
      ['added', null, 5],
    ],
  );
  assert.equal(rows[1]?.left?.text, 'two');
  assert.equal(rows[1]?.right?.text, 'TWO');
  const removed = sbs.alignRows(Diff, 'a\nb\nc', 'a\nc');
  assert.deepEqual(
    removed.map((r) => r.kind),
    ['same', 'removed', 'same'],
  );
});

test('the Pareto chart puts the front, the baseline and the winner in their own series', () => {
  const cand = (id: number, hash: string, acc: number, cost: number) => ({
    id,
    hash,
    generation: 0,
    operator: 'rewrite',
    parents: [],
    values: { acc, cost },
    cases: 10,
    scoredBy: 'selection',
  });
  const option = charts.frontOption({
    objectives: [
      { metric: 'acc', goal: 'maximize' },
      { metric: 'cost', goal: 'minimize' },
    ],
    candidates: [
      cand(0, 'base', 0.3, 1),
      cand(1, 'win', 0.8, 2),
      cand(2, 'cheap', 0.5, 0.5),
      cand(3, 'bad', 0.1, 3),
    ],
    report: {
      baseline: { hash: 'base', selection: { acc: 0.3, cost: 1 } },
      winner: { hash: 'win', selection: { acc: 0.8, cost: 2 } },
      front: [{ hash: 'win' }, { hash: 'cheap' }],
    },
  });
  const byName = Object.fromEntries(option.series.map((s) => [s.name, s.data.map((d) => d.hash)]));
  assert.deepEqual(byName, {
    candidates: ['base', 'bad'],
    'Pareto front': ['cheap', 'win'],
    baseline: ['base'],
    winner: ['win'],
  });
  assert.deepEqual(option.series.find((s) => s.name === 'winner')?.data[0]?.value, [0.8, 2]);
});
