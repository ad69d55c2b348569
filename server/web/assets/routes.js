// The pages, one registry: a hash path pattern (`:name` matches one segment), the nav section it belongs to,
// and a lazy import of the page module (each exports `render(ctx)`).
export const ROUTES = [
  { pattern: '/', section: 'prompts', load: () => import('./pages/prompts.js') },
  { pattern: '/prompts', section: 'prompts', load: () => import('./pages/prompts.js') },
  { pattern: '/prompts/:name', section: 'prompts', load: () => import('./pages/prompt.js') },
  { pattern: '/prompts/:name/diff', section: 'prompts', load: () => import('./pages/diff.js') },
  { pattern: '/prompts/:name/lineage', section: 'prompts', load: () => import('./pages/lineage.js') },
  { pattern: '/runs', section: 'runs', load: () => import('./pages/runs.js') },
  { pattern: '/runs/compare', section: 'runs', load: () => import('./pages/compare.js') },
  { pattern: '/runs/:id', section: 'runs', load: () => import('./pages/run.js') },
  { pattern: '/runs/:id/cases/:caseId', section: 'runs', load: () => import('./pages/case.js') },
  { pattern: '/evolutions', section: 'evolutions', load: () => import('./pages/evolutions.js') },
  { pattern: '/evolutions/:id', section: 'evolutions', load: () => import('./pages/evolution.js') },
  { pattern: '/candidates/:hash', section: 'evolutions', load: () => import('./pages/candidate.js') },
  { pattern: '/canary', section: 'canary', load: () => import('./pages/canary.js') },
  { pattern: '/ab', section: 'ab', load: () => import('./pages/ab.js') },
  { pattern: '/audit', section: 'audit', load: () => import('./pages/audit.js') },
];

/** Matches `#/runs/abc?x=1` → { route, params: { id: 'abc' }, query } or null. */
export function match(hash, routes = ROUTES) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const want = route.pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    let ok = true;
    want.forEach((w, i) => {
      if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(parts[i]);
      else if (w !== parts[i]) ok = false;
    });
    if (ok) return { route, params, query: new URLSearchParams(qs ?? '') };
  }
  return null;
}

/** Builds a hash link: path segments are encoded, empty query values left out. */
export function href(segments, query) {
  const path = `#/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
