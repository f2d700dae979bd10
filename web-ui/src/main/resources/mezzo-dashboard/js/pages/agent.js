// One agent: its resources, what is used and offered, its attributes and its tasks.
import { idButton } from '../copy.js';
import { facts, h, replace, section } from '../dom.js';
import { missing, resourceNames, resourceTable, title, when } from '../widgets.js';
import { tasksTable } from './tasks.js';

export function agentPage({ store, segments, query }) {
  const id = segments[1];
  const heading = h('div');
  const about = h('div');
  const resources = h('div');
  const attributes = h('div');
  const tasks = tasksTable(store, query, ['agent']);
  const body = h('div', null,
    h('div', { class: 'grid two' }, section('Agent', about), section('Attributes', attributes)),
    section('Resources', resources), section('Tasks', tasks.el));
  const el = h('div', { class: 'page agent' }, heading, body);

  function update() {
    const agent = store.agents.get(id);
    if (!agent) {
      replace(heading, missing('agent', id, ['/agents', 'All agents']));
      body.hidden = true;
      return;
    }
    body.hidden = false;
    replace(heading, title(agent.hostname, agent.active
      ? h('span', { class: 'badge state-running' }, 'active') : h('span', { class: 'badge state-bad' }, 'unreachable')));
    replace(about, facts([
      ['ID', idButton(id)],
      ['Address', agent.hostname + ':' + agent.port],
      ['Version', agent.version],
      ['Registered', when(agent.registered_time)],
      agent.reregistered_time && ['Re-registered', when(agent.reregistered_time)],
      ['Frameworks', String((agent.framework_ids || []).length)],
    ]));
    const names = Object.entries(agent.attributes || {});
    replace(attributes, names.length === 0 ? h('p', { class: 'muted', text: 'No attributes.' }) :
      facts(names.map(([name, value]) => [name, String(value)])));
    const total = agent.resources || {};
    const used = agent.used_resources || {};
    const offered = agent.offered_resources || {};
    const idle = Object.fromEntries(Object.keys(total).map((name) =>
      [name, typeof total[name] === 'number' ? Math.max(0, total[name] - (used[name] || 0) - (offered[name] || 0)) : 0]));
    const rows = [['Total', total], ['Used', used], ['Offered', offered], ['Idle', idle]];
    for (const [role, reserved] of Object.entries(agent.reserved_resources || {})) {
      rows.push(['Reserved for ' + role, reserved]);
    }
    const ports = [['Total', total.ports], ['Used', used.ports], ['Offered', offered.ports]].filter(([, value]) => value);
    replace(resources, resourceTable(rows, resourceNames(total.gpus > 0), 'agent-resources'),
      ports.length ? facts(ports.map(([label, value]) => ['Ports ' + label.toLowerCase(), value])) : null);
    tasks.setRows([...store.tasks.values()].filter((t) => t.slave_id === id));
  }

  return { el, update };
}
