// Agents: every machine of the cluster and how much of it is in use.
import { idButton } from '../copy.js';
import { h, link } from '../dom.js';
import { cpus, megabytes, percent } from '../format.js';
import { href } from '../router.js';
import { DataTable } from '../table.js';
import { title, when } from '../widgets.js';

/** "1.5 / 4 (38%)": used of total. */
function usage(used, total, format) {
  return format(used || 0) + ' / ' + format(total || 0) + ' (' + percent(used || 0, total) + ')';
}

export function agentsPage({ store, query }) {
  const share = (agent, name) => (agent.resources[name] ? (agent.used_resources[name] || 0) / agent.resources[name] : 0);
  const table = new DataTable({
    name: 'agents', query, key: (a) => a.id, sort: 'hostname',
    columns: [
      { id: 'id', optional: true, label: 'ID', value: (a) => a.id, cell: (a) => idButton(a.id) },
      { id: 'hostname', label: 'Host', value: (a) => a.hostname, cell: (a) => link(href(['agents', a.id]), a.hostname) },
      { id: 'state', label: 'State', value: (a) => (a.active ? 'active' : 'unreachable'),
        cell: (a) => (a.active ? 'active' : h('span', { class: 'badge state-bad' }, 'unreachable')) },
      { id: 'cpus', label: 'CPUs', numeric: true, value: (a) => share(a, 'cpus'),
        cell: (a) => usage(a.used_resources.cpus, a.resources.cpus, cpus), text: () => '' },
      { id: 'mem', label: 'Mem', numeric: true, value: (a) => share(a, 'mem'),
        cell: (a) => usage(a.used_resources.mem, a.resources.mem, megabytes), text: () => '' },
      { id: 'disk', optional: true, label: 'Disk', numeric: true, value: (a) => share(a, 'disk'),
        cell: (a) => usage(a.used_resources.disk, a.resources.disk, megabytes), text: () => '' },
      { id: 'tasks', label: 'Running tasks', numeric: true, value: (a) => a.TASK_RUNNING || 0 },
      { id: 'registered', optional: true, label: 'Registered', numeric: true, value: (a) => a.registered_time, cell: (a) => when(a.registered_time), text: () => '' },
      { id: 'version', optional: true, label: 'Version', value: (a) => a.version },
    ],
  });
  const el = h('div', { class: 'page agents' }, title('Agents'), h('section', { class: 'panel' }, table.el));
  return {
    el,
    update() {
      table.setRows([...store.agents.values()]);
    },
  };
}
