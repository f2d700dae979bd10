// Roles: how the allocator weighs them and what their frameworks hold.
import { h } from '../dom.js';
import { cpus, megabytes, num } from '../format.js';
import { DataTable } from '../table.js';
import { title } from '../widgets.js';

export function rolesPage({ store, query }) {
  const amount = (kind, name, format) => ({
    id: kind + '-' + name, optional: kind === 'offered', label: (kind === 'allocated' ? 'Allocated ' : 'Offered ') + (name === 'cpus' ? 'CPUs' : name),
    numeric: true, value: (r) => r[kind][name] || 0, cell: (r) => format(r[kind][name] || 0), text: () => '',
  });
  const table = new DataTable({
    name: 'roles', query, key: (r) => r.name, sort: 'name',
    columns: [
      { id: 'name', label: 'Role', value: (r) => r.name },
      { id: 'weight', label: 'Weight', numeric: true, value: (r) => r.weight, cell: (r) => num(r.weight, 3) },
      { id: 'frameworks', label: 'Frameworks', numeric: true, value: (r) => r.frameworks.length },
      amount('allocated', 'cpus', cpus), amount('allocated', 'mem', megabytes), amount('allocated', 'disk', megabytes),
      amount('offered', 'cpus', cpus), amount('offered', 'mem', megabytes), amount('offered', 'disk', megabytes),
      { id: 'reserved', label: 'Reserved', value: (r) => reservedText(r.reserved), text: () => '' },
    ],
  });
  const el = h('div', { class: 'page roles' }, title('Roles'),
    h('section', { class: 'panel' }, table.el,
      h('p', { class: 'muted', text: 'A role\'s fair share grows with its weight. Roles not listed have weight 1.' })));
  return {
    el,
    update() {
      table.setRows(store.roles || []);
    },
  };
}

function reservedText(reserved) {
  const parts = [];
  if (reserved.cpus) {
    parts.push(cpus(reserved.cpus) + ' CPUs');
  }
  if (reserved.mem) {
    parts.push(megabytes(reserved.mem) + ' mem');
  }
  if (reserved.disk) {
    parts.push(megabytes(reserved.disk) + ' disk');
  }
  return parts.join(', ') || '—';
}
