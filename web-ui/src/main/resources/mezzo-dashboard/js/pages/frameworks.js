// Frameworks: those subscribed now, and those that were removed.
import { idButton } from '../copy.js';
import { h, link, section } from '../dom.js';
import { cpus, megabytes } from '../format.js';
import { href } from '../router.js';
import { DataTable } from '../table.js';
import { title, when } from '../widgets.js';

const ACTIVE_STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING'];

/** A framework's tasks that have not ended, from its per-state counts. */
export function activeTasks(framework) {
  return ACTIVE_STATES.reduce((sum, state) => sum + (framework[state] || 0), 0);
}

function nameColumn() {
  return { id: 'name', label: 'Name', value: (f) => f.name, cell: (f) => link(href(['frameworks', f.id]), f.name || f.id) };
}

export function frameworksPage({ store, query }) {
  const active = new DataTable({
    name: 'frameworks', query, key: (f) => f.id, sort: 'registered', descending: true,
    columns: [
      { id: 'id', optional: true, label: 'ID', value: (f) => f.id, cell: (f) => idButton(f.id) },
      nameColumn(),
      { id: 'host', optional: true, label: 'Host', value: (f) => f.hostname },
      { id: 'user', optional: true, label: 'User', value: (f) => f.user },
      { id: 'role', label: 'Role', value: (f) => f.role },
      { id: 'state', label: 'State', value: (f) => (f.active ? 'active' : f.connected ? 'inactive' : 'disconnected') },
      { id: 'tasks', label: 'Active tasks', numeric: true, value: activeTasks },
      { id: 'cpus', label: 'CPUs', numeric: true, value: (f) => f.used_resources.cpus, cell: (f) => cpus(f.used_resources.cpus) },
      { id: 'mem', optional: true, label: 'Mem', numeric: true, value: (f) => f.used_resources.mem, cell: (f) => megabytes(f.used_resources.mem) },
      { id: 'disk', optional: true, label: 'Disk', numeric: true, value: (f) => f.used_resources.disk, cell: (f) => megabytes(f.used_resources.disk) },
      { id: 'registered', label: 'Registered', numeric: true, value: (f) => f.registered_time, cell: (f) => when(f.registered_time), text: () => '' },
    ],
  });
  const completed = new DataTable({
    name: 'completed frameworks', prefix: 'c', query, key: (f) => f.id, sort: 'unregistered', descending: true,
    columns: [
      { id: 'id', optional: true, label: 'ID', value: (f) => f.id, cell: (f) => idButton(f.id) },
      nameColumn(),
      { id: 'user', optional: true, label: 'User', value: (f) => f.user },
      { id: 'role', label: 'Role', value: (f) => f.role },
      { id: 'registered', label: 'Registered', numeric: true, value: (f) => f.registered_time, cell: (f) => when(f.registered_time), text: () => '' },
      { id: 'unregistered', label: 'Unregistered', numeric: true, value: (f) => f.unregistered_time, cell: (f) => when(f.unregistered_time), text: () => '' },
    ],
  });
  const el = h('div', { class: 'page frameworks' }, title('Frameworks'),
    h('section', { class: 'panel' }, active.el),
    section('Completed frameworks', completed.el));
  return {
    el,
    update() {
      active.setRows([...store.frameworks.values()]);
      completed.setRows([...store.completedFrameworks.values()]);
    },
  };
}
