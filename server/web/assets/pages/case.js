// One case of a run: its inputs, expected answer, output, each scorer, cost and latency, and the prompt
// version that answered (openable as a candidate).
import { get } from '../api.js';
import { add, badge, facts, h, ms, num, short, table, usd } from '../dom.js';
import { href } from '../routes.js';

export async function render(ctx) {
  const { id, caseId } = ctx.params;
  const repeat = Number(ctx.query.get('repeat') ?? 0) || 0;
  ctx.title(`Case ${caseId} of ${id}`);
  const page = await get(`/runs/${encodeURIComponent(id)}/cases`, { q: caseId, limit: 500 }, ctx.signal);
  const all = page.cases.filter((c) => c.caseId === caseId);
  const c = all.find((x) => x.repeat === repeat) ?? all[0];
  add(
    ctx.main,
    h('h1', null, 'Case ', h('code', null, caseId)),
    h('p', null, h('a', { href: href(['runs', id]) }, `Back to run ${id}`)),
  );
  if (!c) {
    add(ctx.main, h('p', { class: 'error', role: 'alert' }, `Run ${id} has no case ${caseId}.`));
    return;
  }
  add(
    ctx.main,
    facts([
      ['Result', c.failed ? badge('failed', 'bad') : badge('passed', 'ok')],
      ['Repeat', all.length > 1 ? `${c.repeat + 1} of ${all.length}` : null],
      [
        'Prompt version',
        h('a', { href: href(['candidates', c.promptHash]), id: 'case-candidate' }, short(c.promptHash)),
      ],
      ['Model', c.model],
      ['Latency', ms(c.latencyMs)],
      ['Tokens', `${num(c.inputTokens)} in, ${num(c.outputTokens)} out`],
      ['Cost', usd(c.costUsd)],
      ['Cached', c.cached ? 'yes' : 'no'],
    ]),
    h('h2', null, 'Inputs'),
    h(
      'pre',
      { tabindex: '0', 'aria-label': 'Inputs' },
      c.inputs ? JSON.stringify(c.inputs, null, 2) : '(not stored)',
    ),
    h('h2', null, 'Expected'),
    h(
      'pre',
      { tabindex: '0', 'aria-label': 'Expected' },
      typeof c.expected === 'string' ? c.expected : JSON.stringify(c.expected ?? null, null, 2),
    ),
    h('h2', null, c.error ? 'Error' : 'Output'),
    h('pre', { tabindex: '0', 'aria-label': c.error ? 'Error' : 'Output' }, c.error ?? c.output),
    h('h2', null, 'Scorers'),
    table(
      'Scores of this case',
      [
        { label: 'Scorer', value: ([m]) => m },
        { label: 'Value', numeric: true, value: ([, v]) => num(v) },
        { label: 'Passed', value: ([m]) => (c.passes?.[m] === undefined ? '–' : c.passes[m] ? 'yes' : 'no') },
      ],
      Object.entries(c.metrics ?? {}),
    ),
  );
}
