// One framework: who it is, what it holds, and its tasks.
import { idButton } from '../copy.js';
import { facts, h, replace, section } from '../dom.js';
import { safeUrl } from '../format.js';
import { missing, resourceNames, resourceTable, title, when } from '../widgets.js';
import { activeTasks } from './frameworks.js';
import { tasksTable } from './tasks.js';

export function frameworkPage({ store, segments, query }) {
  const id = segments[1];
  const heading = h('div');
  const about = h('div');
  const resources = h('div');
  const tasks = tasksTable(store, query, ['framework']);
  const body = h('div', null, h('div', { class: 'grid two' }, section('Framework', about), section('Resources', resources)),
    section('Tasks', tasks.el));
  const el = h('div', { class: 'page framework' }, heading, body);

  function update() {
    const framework = store.framework(id);
    if (!framework) {
      replace(heading, missing('framework', id, ['/frameworks', 'All frameworks']));
      body.hidden = true;
      return;
    }
    body.hidden = false;
    const completed = !store.frameworks.has(id);
    replace(heading, title(framework.name || id, h('span', { class: 'badge ' + (framework.active ? 'state-running' : 'state-other') },
      completed ? 'completed' : framework.active ? 'active' : 'inactive')));
    const webui = safeUrl(framework.webui_url);
    replace(about, facts([
      ['ID', idButton(id)],
      ['User', framework.user],
      ['Role', framework.role],
      framework.principal && ['Principal', framework.principal],
      ['Host', framework.hostname],
      webui && ['Web UI', h('a', { href: webui, rel: 'noopener noreferrer', target: '_blank' }, webui)],
      ['Capabilities', (framework.capabilities || []).join(', ') || 'none'],
      ['Failover timeout', framework.failover_timeout ? framework.failover_timeout + ' s' : 'none'],
      ['Checkpointing', framework.checkpoint ? 'yes' : 'no'],
      ['Registered', when(framework.registered_time)],
      framework.reregistered_time && ['Re-registered', when(framework.reregistered_time)],
      framework.unregistered_time && ['Unregistered', when(framework.unregistered_time)],
      ['Connected', framework.connected ? 'yes' : 'no'],
      ['Active tasks', String(activeTasks(framework))],
    ]));
    const used = framework.used_resources || {};
    replace(resources, resourceTable([['Used', used], ['Offered', framework.offered_resources]], resourceNames(used.gpus > 0)));
    tasks.setRows([...store.tasks.values()].filter((t) => t.framework_id === id));
  }

  return { el, update };
}
