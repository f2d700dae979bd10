// Small pieces that several pages show the same way.
import { h, link } from './dom.js';
import { absoluteTime, relativeTime, resource, stateClass, stateName } from './format.js';
import { href } from './router.js';

/** The resources tables show, in Mesos's order; GPUs only where the cluster has some. */
export function resourceNames(hasGpus) {
  return hasGpus ? ['cpus', 'gpus', 'mem', 'disk'] : ['cpus', 'mem', 'disk'];
}

export const RESOURCE_LABELS = { cpus: 'CPUs', gpus: 'GPUs', mem: 'Mem', disk: 'Disk' };

/** A task state as a coloured badge. */
export function stateBadge(state) {
  return h('span', { class: ['badge', stateClass(state)], dataset: { state: state || '' } }, stateName(state));
}

/** A time as "5 min ago", with the exact time on hover. */
export function when(seconds) {
  return h('time', { title: absoluteTime(seconds), dataset: { seconds: seconds || '' } }, relativeTime(seconds));
}

/**
 * A table of resource amounts: one row per [label, amounts] (amounts by resource name, as
 * Mesos's JSON has them), one column per name.
 */
export function resourceTable(rows, names, id) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'resources', id },
    h('thead', null, h('tr', null, h('th'), names.map((name) => h('th', { class: 'num', text: RESOURCE_LABELS[name] || name })))),
    h('tbody', null, rows.map(([label, amounts]) => h('tr', { dataset: { row: label.toLowerCase() } },
      h('th', { scope: 'row', text: label }),
      names.map((name) => h('td', { class: 'num', dataset: { resource: name } }, resource(name, amounts ? amounts[name] : 0))))))));
}

/** A link to a framework's page, by name when known. */
export function frameworkLink(store, id) {
  if (!id) {
    return '—';
  }
  const framework = store.framework(id);
  return link(href(['frameworks', id]), framework && framework.name ? framework.name : id);
}

/** A link to an agent's page, by hostname when known. */
export function agentLink(store, id) {
  if (!id) {
    return '—';
  }
  const agent = store.agents.get(id);
  return link(href(['agents', id]), agent ? agent.hostname : id);
}

/** A link to a task's page. */
export function taskLink(task, text) {
  return link(href(['tasks', task.framework_id, task.id]), text ?? (task.name || task.id));
}

/** A page's title line. */
export function title(text, ...extra) {
  return h('div', { class: 'title' }, h('h1', { text }), extra);
}

/** The "nothing here" message of a page whose subject is unknown. */
export function missing(what, id, back) {
  return h('div', { class: 'panel missing' },
    h('h1', { text: 'No such ' + what }),
    h('p', null, 'The master knows no ' + what + ' ', h('code', { text: id }), '. It may have been removed, or the link is wrong.'),
    h('p', null, link(back[0], back[1])));
}
