// The dashboard's shell: routes the URL hash to a page module, gives each page an AbortSignal that ends when
// the user navigates away (closing its event stream and charts), and reports errors in the page.
import { ApiError, setApiKey } from './api.js';
import { h, replace } from './dom.js';
import { match } from './routes.js';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
const keyForm = document.getElementById('key-form');

function announce(message) {
  announcer.textContent = message;
}

function markSection(section) {
  for (const a of document.querySelectorAll('nav a[data-section]')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function showError(err) {
  // Only errors of a page still shown reach here: an AbortError then is a request cut off by something else (the
  // browser, the network), and the page says so instead of staying blank.
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) keyForm.hidden = false;
  const status = err instanceof ApiError ? ` (HTTP ${err.status})` : '';
  const text =
    err?.name === 'AbortError' ? `a request was interrupted (${err.message || 'aborted'})` : err?.message;
  main.append(h('p', { class: 'error', role: 'alert' }, `${text || String(err)}${status}`));
}

/** The router: each call aborts the previous page (its streams and charts) before rendering the next. */
function createRouter() {
  let current = null;
  return () => {
    current?.abort();
    current = new AbortController();
    return render(current);
  };
}

async function render(controller) {
  const m = match(location.hash);
  // data-ready marks a rendered page (the browser tests and the render benchmark wait for it).
  delete main.dataset.ready;
  replace(main);
  if (!m) {
    markSection(null);
    document.title = 'Not found · evohub';
    replace(
      main,
      h('h1', null, 'Page not found'),
      h('p', null, h('a', { href: '#/prompts' }, 'Go to the prompts')),
    );
    return;
  }
  markSection(m.route.section);
  const ctx = {
    params: m.params,
    query: m.query,
    main,
    signal: controller.signal,
    announce,
    title(t) {
      document.title = `${t} · evohub`;
    },
  };
  try {
    const page = await m.route.load();
    if (controller.signal.aborted) return;
    await page.render(ctx);
    if (controller.signal.aborted) return;
    main.dataset.ready = 'true';
  } catch (err) {
    if (!controller.signal.aborted) {
      showError(err);
      main.dataset.ready = 'error';
    }
  }
}

keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey(new FormData(keyForm).get('key'));
  keyForm.reset();
  keyForm.hidden = true;
  route();
});

// The skip link targets the main landmark, not a route.
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

const route = createRouter();
window.addEventListener('hashchange', () => {
  route().then(() => main.focus({ preventScroll: true }));
});
route();
