// Tasks: every task the master knows, live.
import { idButton } from '../copy.js';
import { h } from '../dom.js';
import { cpus, megabytes } from '../format.js';
import { DataTable } from '../table.js';
import { agentLink, frameworkLink, stateBadge, taskLink, title, when } from '../widgets.js';

/**
 * The columns of a table of tasks; `without` leaves out the framework or agent column where
 * the page is about one of them.
 */
export function taskColumns(store, without = []) {
  const frameworkName = (t) => (store.framework(t.framework_id) || {}).name || t.framework_id;
  const agentName = (t) => (store.agents.get(t.slave_id) || {}).hostname || t.slave_id;
  return [
    { id: 'id', optional: true, label: 'ID', value: (t) => t.id, cell: (t) => idButton(t.id) },
    { id: 'name', label: 'Name', value: (t) => t.name || t.id, cell: (t) => taskLink(t) },
    { id: 'state', label: 'State', value: (t) => t.state, cell: (t) => stateBadge(t.state),
      text: (t) => t.state + ' ' + (t.reason || '') },
    !without.includes('framework') && { id: 'framework', label: 'Framework', value: frameworkName,
      cell: (t) => frameworkLink(store, t.framework_id), text: (t) => frameworkName(t) + ' ' + t.framework_id },
    !without.includes('agent') && { id: 'agent', label: 'Agent', value: agentName,
      cell: (t) => agentLink(store, t.slave_id), text: (t) => agentName(t) + ' ' + t.slave_id },
    { id: 'cpus', optional: true, label: 'CPUs', numeric: true, value: (t) => t.resources.cpus, cell: (t) => cpus(t.resources.cpus) },
    { id: 'mem', optional: true, label: 'Mem', numeric: true, value: (t) => t.resources.mem, cell: (t) => megabytes(t.resources.mem) },
    { id: 'started', label: 'Started', numeric: true, value: (t) => t.started, cell: (t) => when(t.started), text: () => '' },
    { id: 'updated', optional: true, label: 'Updated', numeric: true, value: (t) => t.updated, cell: (t) => when(t.updated), text: () => '' },
  ].filter(Boolean);
}

/** A table of tasks, newest first; its rows are the caller's to set. */
export function tasksTable(store, query, without = [], prefix = '') {
  return new DataTable({
    name: 'tasks', prefix, query, columns: taskColumns(store, without), key: (t) => t.key, sort: 'started', descending: true,
  });
}

export function tasksPage({ store, query }) {
  const table = tasksTable(store, query);
  const el = h('div', { class: 'page tasks' }, title('Tasks'), h('section', { class: 'panel' }, table.el));
  return {
    el,
    update() {
      table.setRows([...store.tasks.values()]);
    },
  };
}
