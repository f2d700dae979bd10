// Home: the cluster at a glance, as Apache Mesos's front page showed it.
import { allocationChart } from '../chart.js';
import { facts, h, link, replace, section } from '../dom.js';
import { COUNTED_STATES, cpus, duration, megabytes, num } from '../format.js';
import { href } from '../router.js';
import { resourceNames, resourceTable, title, when } from '../widgets.js';

const AGENTS_SHOWN = 10;

export function homePage({ store }) {
  const cluster = h('div');
  const counts = h('div', { class: 'cards' });
  const resources = h('div');
  const chart = h('div');
  const agents = h('div');
  const el = h('div', { class: 'page home' },
    title('Cluster'),
    counts,
    h('div', { class: 'grid two' }, section('Master', cluster), section('Resources', resources)),
    section('Allocated over the last ten minutes', chart),
    section('Agents', agents));

  function update() {
    const master = store.master || {};
    const metrics = store.metrics || {};
    const leaderInfo = master.leader_info || {};
    replace(cluster, facts([
      ['Cluster', master.cluster || '—'],
      ['Leader', link('/masters', (leaderInfo.hostname || master.hostname || '?') + ':' + (leaderInfo.port || ''))],
      ['Version', master.version],
      ['Started', when(master.start_time)],
      ['Elected', when(master.elected_time)],
      ['Uptime', master.start_time ? duration(Date.now() / 1000 - master.start_time) : '—'],
      ['Epoch', String(master.epoch ?? '—')],
    ]));

    replace(counts,
      card('Agents', [
        ['Active', metrics['master/slaves_active'], href(['agents'])],
        ['Unreachable', metrics['master/slaves_unreachable'], href(['agents'], { q: 'unreachable' })],
      ], 'agents'),
      card('Frameworks', [
        ['Active', metrics['master/frameworks_active'], href(['frameworks'])],
        ['Inactive', metrics['master/frameworks_inactive'], href(['frameworks'])],
        ['Completed', metrics['master/frameworks_completed'], href(['frameworks'])],
      ], 'frameworks'),
      card('Tasks', COUNTED_STATES
        .filter((state) => metrics['master/tasks_' + state] > 0 || ['staging', 'running', 'finished', 'failed'].includes(state))
        .map((state) => [state.replaceAll('_', ' '), metrics['master/tasks_' + state],
          href(['tasks'], { q: 'TASK_' + state.toUpperCase() })]), 'tasks'));

    const amounts = (what) => Object.fromEntries(['cpus', 'gpus', 'mem', 'disk'].map((name) => [name, metrics[`master/${name}_${what}`] || 0]));
    const total = amounts('total');
    const used = amounts('used');
    const offered = amounts('offered');
    const idle = Object.fromEntries(Object.keys(total).map((name) => [name, Math.max(0, total[name] - used[name] - offered[name])]));
    replace(resources, resourceTable([['Total', total], ['Allocated', used], ['Offered', offered], ['Idle', idle]],
      resourceNames(total.gpus > 0), 'cluster-resources'));
    replace(chart, allocationChart(store.history, { used, total }));

    const rows = [...store.agents.values()].sort((a, b) => String(a.hostname).localeCompare(String(b.hostname)));
    replace(agents, rows.length === 0 ? h('p', { class: 'muted', text: 'No agent has registered yet.' }) :
      [h('div', { class: 'table-scroll' }, h('table', { id: 'home-agents' },
        h('thead', null, h('tr', null, ['Agent', 'CPUs', 'Mem', 'Disk', 'Running tasks', 'State']
          .map((text, i) => h('th', { class: i > 0 && i < 5 && 'num', text })))),
        h('tbody', null, rows.slice(0, AGENTS_SHOWN).map((agent) => h('tr', { dataset: { key: agent.id } },
          h('td', null, link(href(['agents', agent.id]), agent.hostname)),
          h('td', { class: 'num' }, cpus(agent.used_resources.cpus) + ' / ' + cpus(agent.resources.cpus)),
          h('td', { class: 'num' }, megabytes(agent.used_resources.mem) + ' / ' + megabytes(agent.resources.mem)),
          h('td', { class: 'num' }, megabytes(agent.used_resources.disk) + ' / ' + megabytes(agent.resources.disk)),
          h('td', { class: 'num', text: num(agent.TASK_RUNNING || 0) }),
          h('td', null, agent.active ? 'active' : h('span', { class: 'badge state-bad' }, 'unreachable'))))))),
      rows.length > AGENTS_SHOWN ? h('p', null, link('/agents', 'All ' + rows.length + ' agents ›')) : null]);
  }

  return { el, update };
}

/** A box of counts, each a link to the list it counts. */
function card(heading, entries, id) {
  return h('section', { class: 'panel card', id: id && 'counts-' + id },
    h('h2', { text: heading }),
    h('ul', { class: 'counts' }, entries.map(([label, value, route]) =>
      h('li', { dataset: { count: label } }, link(route, h('span', { class: 'value', text: num(value || 0) }), h('span', { class: 'label', text: label }))))));
}
