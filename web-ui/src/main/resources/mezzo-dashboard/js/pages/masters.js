// Masters: the leader and its standbys, any of which takes over if the leader fails.
import { facts, h, replace, section } from '../dom.js';
import { title, when } from '../widgets.js';

export function mastersPage({ store }) {
  const leader = h('div');
  const list = h('div');
  const el = h('div', { class: 'page masters' }, title('Masters'),
    h('div', { class: 'grid two' }, section('Leader', leader), section('All masters', list)));
  return {
    el,
    update() {
      const master = store.master || {};
      const info = master.leader_info || {};
      replace(leader, facts([
        ['Address', (info.hostname || master.hostname) + ':' + (info.port || '')],
        ['ID', master.id],
        ['Version', master.version],
        ['Epoch', String(master.epoch ?? '—')],
        ['Elected', when(master.elected_time)],
        ['Started', when(master.start_time)],
      ]));
      const masters = store.masters || [];
      replace(list, h('div', { class: 'table-scroll' }, h('table', { id: 'masters' },
        h('thead', null, h('tr', null, ['Address', 'Role', 'Version'].map((text) => h('th', { text })))),
        h('tbody', null, masters.map((m) => h('tr', { dataset: { leader: String(m.leader) } },
          h('td', null, h('a', { href: 'http://' + m.hostname + ':' + m.port + '/' }, m.hostname + ':' + m.port)),
          h('td', null, m.leader ? h('span', { class: 'badge state-running' }, 'leader') : h('span', { class: 'badge state-other' }, 'standby')),
          h('td', { text: m.version || '—' })))))),
      h('p', { class: 'muted', text: masters.length === 1
        ? 'A single master: nothing takes over if it fails.'
        : 'Standbys redirect every request to the leader; one of them is elected if the leader fails.' }));
    },
  };
}
