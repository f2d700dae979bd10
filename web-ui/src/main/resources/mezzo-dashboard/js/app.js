// The dashboard: one page per route, fed by the master's event stream.
import { installCopy } from './copy.js';
import { h, replace } from './dom.js';
import { Feed } from './feed.js';
import { agentPage } from './pages/agent.js';
import { agentsPage } from './pages/agents.js';
import { frameworkPage } from './pages/framework.js';
import { frameworksPage } from './pages/frameworks.js';
import { homePage } from './pages/home.js';
import { mastersPage } from './pages/masters.js';
import { notFoundPage } from './pages/notfound.js';
import { rolesPage } from './pages/roles.js';
import { taskPage } from './pages/task.js';
import { tasksPage } from './pages/tasks.js';
import { parse } from './router.js';
import { Store } from './store.js';

/** Routes by their segments; '*' takes any one segment (an ID). */
const ROUTES = [
  [[], homePage],
  [['frameworks'], frameworksPage],
  [['frameworks', '*'], frameworkPage],
  [['agents'], agentsPage],
  [['agents', '*'], agentPage],
  [['tasks'], tasksPage],
  [['tasks', '*', '*'], taskPage],
  [['roles'], rolesPage],
  [['masters'], mastersPage],
];

/** Relative times ("5 min ago") age even when nothing changes. */
const CLOCK_MS = 10_000;

const STATUS_TEXT = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  'no-leader': 'no leader',
};

const store = new Store();
const view = document.getElementById('view');
const banner = document.getElementById('banner');
const connection = document.getElementById('connection');
let page = null;
let pending = false;

function pageFor(segments) {
  for (const [pattern, create] of ROUTES) {
    if (pattern.length === segments.length && pattern.every((part, i) => part === '*' || part === segments[i])) {
      return create;
    }
  }
  return notFoundPage;
}

/** Builds the page of the current route (once the first snapshot is in). */
function mount() {
  if (page && page.destroy) {
    page.destroy();
  }
  page = null;
  const route = parse();
  for (const a of document.querySelectorAll('nav.nav a')) {
    a.classList.toggle('active', a.dataset.section === (route.segments[0] || ''));
  }
  document.querySelector('nav.nav').classList.remove('open');
  if (!store.ready) {
    replace(view, h('div', { class: 'panel loading' }, h('p', { text: 'Connecting to the leading master…' })));
    return;
  }
  page = pageFor(route.segments)({ store, segments: route.segments, query: route.query });
  replace(view, page.el);
  page.update(store);
  window.scrollTo(0, 0);
}

/** Redraws the page once per frame at most, however many updates arrive. */
function refresh() {
  if (pending) {
    return;
  }
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    if (!page) {
      mount();
    } else {
      page.update(store);
    }
    const cluster = store.master && store.master.cluster;
    document.title = cluster ? 'Mezzo · ' + cluster : 'Mezzo';
  });
}

function showStatus(status) {
  connection.dataset.state = status;
  connection.textContent = STATUS_TEXT[status] || status;
  const stale = status !== 'live' && status !== 'connecting' && store.ready;
  banner.hidden = !stale;
  if (stale) {
    banner.textContent = (status === 'no-leader' ? 'No master leads the cluster right now. ' : 'The connection to the master broke. ')
      + 'Showing the cluster as of ' + new Date(store.receivedAt).toLocaleTimeString() + '; reconnecting…';
  }
}

function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 2000);
}

/** Light or dark: the system's choice unless the person picked one here. */
function installTheme() {
  const button = document.getElementById('theme-toggle');
  let saved = null;
  try {
    saved = localStorage.getItem('mezzo-theme');
  } catch {
    // Storage may be off; the system's theme then applies.
  }
  if (saved === 'light' || saved === 'dark') {
    document.documentElement.dataset.theme = saved;
  }
  button.addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    const theme = dark ? 'light' : 'dark';
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('mezzo-theme', theme);
    } catch {
      // Not remembered, but applied.
    }
  });
}

function installMenu() {
  const nav = document.querySelector('nav.nav');
  const button = document.getElementById('menu-toggle');
  button.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    button.setAttribute('aria-expanded', String(open));
  });
}

installTheme();
installMenu();
installCopy(toast);
store.subscribe(refresh);
window.addEventListener('hashchange', mount);
setInterval(() => page && page.update(store), CLOCK_MS);
mount();
new Feed(store, showStatus).start();
