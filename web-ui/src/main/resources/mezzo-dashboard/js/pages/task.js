// One task: its status history, where it runs, and its sandbox (live logs and files).
import { idButton } from '../copy.js';
import { facts, h, replace, section } from '../dom.js';
import { TERMINAL_STATES, reason, resource } from '../format.js';
import { FileBrowser, LogTail } from '../sandbox.js';
import { RESOURCE_LABELS, agentLink, frameworkLink, missing, resourceNames, stateBadge, title, when } from '../widgets.js';

export function taskPage({ store, segments }) {
  const [, frameworkId, taskId] = segments;
  const heading = h('div');
  const about = h('div');
  const history = h('div');
  const sandbox = h('div');
  const body = h('div', null,
    h('div', { class: 'grid two' }, section('Task', about), section('Status history', history)),
    section('Sandbox', sandbox));
  const el = h('div', { class: 'page task' }, heading, body);
  let historyFor = null;
  let view = null;

  /** The full task, with its statuses, from /master/tasks: the feed carries rows without them. */
  async function loadHistory(task) {
    const query = new URLSearchParams({ framework_id: frameworkId, task_id: taskId, limit: '20' });
    try {
      const response = await fetch('master/tasks?' + query, { cache: 'no-store' });
      if (!response.ok) {
        throw new Error(response.statusText || 'HTTP ' + response.status);
      }
      const found = (await response.json()).tasks || [];
      // The newest task of this ID comes first; an older one may share the ID.
      const full = found.find((t) => t.statuses && t.statuses[0] && t.statuses[0].timestamp === task.started) || found[0];
      replace(history, full ? statusTable(full.statuses || []) : h('p', { class: 'muted', text: 'No status yet.' }));
    } catch (error) {
      replace(history, h('p', { class: 'error', text: 'Cannot load the status history: ' + error.message }));
    }
  }

  function update() {
    const task = store.task(frameworkId, taskId);
    if (!task) {
      replace(heading, missing('task', taskId, ['/tasks', 'All tasks']));
      body.hidden = true;
      return;
    }
    body.hidden = false;
    replace(heading, title(task.name || task.id, stateBadge(task.state)));
    replace(about, facts([
      ['ID', idButton(task.id)],
      ['Framework', frameworkLink(store, task.framework_id)],
      ['Agent', agentLink(store, task.slave_id)],
      task.user && ['User', task.user],
      ['State', stateBadge(task.state)],
      task.reason && ['Reason', reason(task.reason)],
      task.message && ['Message', task.message],
      typeof task.healthy === 'boolean' && ['Health', health(task.healthy)],
      task.check_status && ['Check', checkResult(task.check_status)],
      ['Started', when(task.started)],
      ['Updated', when(task.updated)],
      ['Resources', resourceNames(task.resources.gpus > 0).map((name) => RESOURCE_LABELS[name] + ' ' + resource(name, task.resources[name]))
        .join(' · ')],
      task.resources.ports && ['Ports', task.resources.ports],
    ]));
    const version = task.state + '|' + task.updated;
    if (version !== historyFor) {
      historyFor = version;
      loadHistory(task);
    }
    if (view) {
      view.taskState(task.state);
    } else if (hasSandbox(store, task)) {
      view = new SandboxView(task);
      replace(sandbox, view.el);
    } else {
      replace(sandbox, h('p', { class: 'muted', text: sandboxAbsence(store, task) }));
    }
  }

  return {
    el,
    update,
    destroy() {
      if (view) {
        view.destroy();
      }
    },
  };
}

/** Whether the task's sandbox can be read now: on an agent that answers, past staging. */
function hasSandbox(store, task) {
  const agent = store.agents.get(task.slave_id);
  return Boolean(agent && agent.active && task.state !== 'TASK_STAGING' && task.started);
}

function sandboxAbsence(store, task) {
  if (!task.slave_id) {
    return 'This task never reached an agent: it has no sandbox.';
  }
  const agent = store.agents.get(task.slave_id);
  if (!agent) {
    return 'The agent that held this task\'s sandbox is no longer part of the cluster.';
  }
  if (!agent.active) {
    return 'The agent that holds this task\'s sandbox is unreachable.';
  }
  return TERMINAL_STATES.has(task.state) ? 'This task has no sandbox.' : 'The sandbox appears once the task starts…';
}

/** A task's health as its health check last said. */
function health(healthy) {
  return h('span', { class: ['badge', healthy ? 'state-finished' : 'state-bad'], dataset: { healthy: String(healthy) } },
    healthy ? 'healthy' : 'unhealthy');
}

/** The latest result of a task's check, e.g. "HTTP 200", "COMMAND exit 1", "TCP refused", or "no result yet". */
function checkResult(check) {
  const type = check.type || 'check';
  if (check.http && check.http.status_code !== undefined) {
    return type + ' ' + check.http.status_code;
  }
  if (check.command && check.command.exit_code !== undefined) {
    return type + ' exit ' + check.command.exit_code;
  }
  if (check.tcp && check.tcp.succeeded !== undefined) {
    return type + (check.tcp.succeeded ? ' connected' : ' refused');
  }
  return type + ': no result yet';
}

function statusTable(statuses) {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'history' },
    h('thead', null, h('tr', null, ['State', 'When', 'Health', 'Reason', 'Message', 'Source'].map((text) => h('th', { text })))),
    h('tbody', null, statuses.slice().reverse().map((status) => h('tr', null,
      h('td', null, stateBadge(status.state)),
      h('td', null, when(status.timestamp)),
      h('td', null, typeof status.healthy === 'boolean' ? health(status.healthy) : ''),
      h('td', { text: reason(status.reason) }),
      h('td', { text: status.message || '' }),
      h('td', { text: reason((status.source || '').replace(/^SOURCE_/, '')) }))))));
}

/** Tabs for the task's stdout, stderr and files; a file opened in the browser gets a tab of its own. */
class SandboxView {
  constructor(task) {
    this.task = task;
    this.tabs = h('div', { class: 'tabs', role: 'tablist' });
    this.panel = h('div', { class: 'tab-panel' });
    this.el = h('div', { class: 'sandbox' }, this.tabs, this.panel);
    this.files = new FileBrowser(task, (path) => this.show(path));
    this.tail = null;
    this.current = null;
    this.extra = null;
    this.show('stdout');
  }

  show(name) {
    if (this.tail) {
      this.tail.destroy();
      this.tail = null;
    }
    if (!['stdout', 'stderr', 'files'].includes(name)) {
      this.extra = name;
    }
    this.current = name;
    const names = ['stdout', 'stderr', 'files', this.extra].filter(Boolean);
    replace(this.tabs, names.map((tab) => h('button', {
      type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(tab === name), dataset: { tab },
      on: { click: () => this.show(tab) },
    }, tab === 'files' ? 'Files' : tab)));
    if (name === 'files') {
      replace(this.panel, this.files.el);
      this.files.load(this.files.path || '');
    } else {
      this.tail = new LogTail(this.task, name);
      replace(this.panel, this.tail.el);
      this.tail.start();
    }
  }

  taskState(state) {
    this.task = { ...this.task, state };
    if (this.tail) {
      this.tail.taskState(state);
    }
  }

  destroy() {
    if (this.tail) {
      this.tail.destroy();
    }
  }
}
