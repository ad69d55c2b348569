// An evolution run: live progress over Server-Sent Events, fitness curves per objective, the Pareto front
// with the baseline and the winner marked, the MAP-Elites archive as a heat map, and every candidate openable.
import { events, get } from '../api.js';
import { chartFigure } from '../charts.js';
import { add, badge, facts, h, metricList, num, replace, short, table, usd } from '../dom.js';
import {
  archiveOption,
  distinctCandidates,
  fitnessOption,
  frontOption,
  hypervolumeOption,
} from '../evolution-charts.js';
import { progressPanel } from '../live-progress.js';
import { href } from '../routes.js';
import { statusBadge } from '../run-format.js';
import { loadECharts } from '../vendor.js';

export async function render(ctx) {
  const id = ctx.params.id;
  ctx.title(`Evolution ${id}`);
  const path = `/evolutions/${encodeURIComponent(id)}`;
  let [evo] = await Promise.all([get(path, null, ctx.signal), loadECharts()]);
  const live = progressPanel();
  const head = h('div');
  const curves = h('div', { class: 'grid' });
  const frontBox = h('div');
  const archiveBox = h('div');
  const candidatesBox = h('div');
  const figures = new Map();
  const open = (p) => {
    if (p.data?.hash) location.hash = href(['candidates', p.data.hash]);
  };
  const figure = (key, label, caption, clickable = false) => {
    if (!figures.has(key)) {
      const f = chartFigure(label, ctx.signal, { caption });
      if (clickable) f.onClick(open);
      figures.set(key, f);
    }
    return figures.get(key);
  };
  const draw = () => {
    replace(head, header(evo));
    replace(
      curves,
      evo.objectives.map((o) => {
        const f = figure(
          `fit-${o.metric}`,
          `Best ${o.metric} per generation`,
          `Best ${o.metric} (${o.goal}) among candidates scored on the whole selection set.`,
        );
        f.update(fitnessOption(evo.history, o));
        return f.figure;
      }),
      evo.objectives.length > 1
        ? (() => {
            const f = figure(
              'hv',
              'Hypervolume per generation',
              'Hypervolume of the Pareto front (higher is better).',
            );
            f.update(hypervolumeOption(evo.history));
            return f.figure;
          })()
        : null,
    );
    const front = figure(
      'front',
      'Pareto front',
      'Every candidate; the front in blue, the baseline (diamond) and the winner (pin) marked. Click a point to open it.',
      true,
    );
    front.update(frontOption(evo));
    replace(frontBox, front.figure);
    if (evo.archive && evo.archive.cells.length > 0) {
      const a = figure(
        'archive',
        'MAP-Elites archive',
        `The archive's elites by ${evo.archive.descriptors.join(' × ')}, coloured by ${evo.objectives[0]?.metric}.`,
        true,
      );
      a.update(archiveOption(evo.archive, evo.objectives[0]));
      replace(archiveBox, h('h2', null, 'Archive'), a.figure);
    } else replace(archiveBox);
    replace(candidatesBox, candidatesTable(evo));
  };
  add(
    ctx.main,
    h('h1', null, 'Evolution ', h('code', null, id)),
    head,
    live.panel,
    h('h2', null, 'Fitness'),
    curves,
    h('h2', null, 'Pareto front'),
    frontBox,
    archiveBox,
    h('h2', null, 'Candidates'),
    candidatesBox,
  );
  draw();
  const shown = {
    generation: evo.generation ?? 0,
    finished: evo.run.status !== 'running' && evo.report !== null,
  };
  follow(
    ctx,
    path,
    live,
    async () => {
      evo = await get(path, null, ctx.signal);
      draw();
    },
    shown,
  );
}

/**
 * Subscribes to the run's events: every `progress` redraws the panel; a new generation (or the end) reloads
 * the run so the charts follow. The stream ends with `done`; a dropped stream is retried after 2 s.
 */
function follow(ctx, path, live, reload, shown) {
  // What the page already shows: a finished run needs no reload when its stream says it is done.
  let generation = shown.generation;
  let finished = shown.finished;
  let reloading = Promise.resolve();
  const again = () => {
    reloading = reloading.then(reload).catch(() => {});
  };
  const onEvent = ({ event, data }) => {
    if (event === 'progress' && data && typeof data === 'object') {
      live.update(data);
      if (data.generation !== generation) {
        generation = data.generation;
        again();
      }
    }
    if ((event === 'done' || data?.done) && !finished) {
      finished = true;
      again();
    }
  };
  const loop = async () => {
    while (!ctx.signal.aborted) {
      try {
        let ended = false;
        await events(
          `${path}/events`,
          (e) => {
            if (e.event === 'done') ended = true;
            onEvent(e);
          },
          ctx.signal,
        );
        if (ended) return;
      } catch (err) {
        if (ctx.signal.aborted) return;
        if (err?.status === 404 || err?.status === 401 || err?.status === 403) return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  loop();
}

function header(evo) {
  const r = evo.report;
  return [
    facts([
      ['Prompt', h('a', { href: href(['prompts', evo.run.promptName]) }, evo.run.promptName)],
      ['Status', statusBadge(evo.run.status)],
      ['Algorithm', r?.algorithm ?? evo.run.options?.algorithm],
      ['Provider', evo.run.simulated ? `${evo.run.provider} (simulated)` : evo.run.provider],
      ['Objectives', evo.objectives.map((o) => `${o.metric} (${o.goal})`).join(', ')],
      [
        'Budget',
        [
          evo.budget.maxUsd ? usd(evo.budget.maxUsd) : null,
          evo.budget.maxEvaluations ? `${num(evo.budget.maxEvaluations)} evaluations` : null,
        ]
          .filter(Boolean)
          .join(', ') || 'none',
      ],
      [
        'Baseline',
        r ? h('a', { href: href(['candidates', r.baseline.hash]) }, short(r.baseline.hash)) : null,
      ],
      [
        'Winner',
        r
          ? [
              h('a', { href: href(['candidates', r.winner.hash]), id: 'winner-link' }, short(r.winner.hash)),
              ' ',
              r.winner.accepted
                ? badge('accepted', 'ok')
                : badge(r.winner.changed ? 'not better on held-out' : 'unchanged', 'warn'),
            ]
          : null,
      ],
      [
        'Held-out improvement',
        r
          ? `${r.improvement.metric} ${num(r.improvement.mean)} [${num(r.improvement.ci[0])}, ${num(r.improvement.ci[1])}]`
          : null,
      ],
      ['Winner branch', r?.branch ? h('code', null, r.branch) : null],
    ]),
    h(
      'p',
      { class: 'actions' },
      h('a', { class: 'button', href: href(['runs', evo.run.id]) }, 'Per-case results'),
      ' ',
      r
        ? h(
            'a',
            {
              class: 'button',
              href: href(['prompts', evo.run.promptName, 'lineage'], { hash: r.winner.hash }),
            },
            'Winner lineage',
          )
        : null,
    ),
  ];
}

function candidatesTable(evo) {
  const front = new Set((evo.report?.front ?? []).map((f) => f.hash));
  const winner = evo.report?.winner?.hash;
  const baseline = evo.report?.baseline?.hash;
  const rows = distinctCandidates(evo.candidates).sort(
    (a, b) =>
      Number(front.has(b.hash)) - Number(front.has(a.hash)) || a.generation - b.generation || a.id - b.id,
  );
  return table(
    `${rows.length} distinct candidates (${evo.candidates.length} evaluated)`,
    [
      { label: 'Candidate', value: (c) => h('a', { href: href(['candidates', c.hash]) }, short(c.hash)) },
      { label: 'Generations', value: (c) => [...new Set(c.generations)].join(', ') },
      { label: 'Operator', value: (c) => c.operator },
      {
        label: 'Role',
        value: (c) => [
          c.hash === winner ? badge('winner', 'ok') : null,
          c.hash === baseline ? badge('baseline', 'live') : null,
          front.has(c.hash) ? badge('front', 'live') : null,
        ],
      },
      { label: 'Values', value: (c) => metricList(c.values) },
      { label: 'Cases', numeric: true, value: (c) => num(c.cases) },
      { label: 'Parents', value: (c) => c.parents.map(short).join(', ') || '–' },
    ],
    rows,
    { id: 'candidates' },
  );
}
