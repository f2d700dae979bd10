// A task's sandbox through the master's files API (/files/read and /files/browse, which
// reach the agent that holds it): a live tail of a log and a file browser.
import { h, replace } from './dom.js';
import { TERMINAL_STATES, absoluteTime, bytes, stateName } from './format.js';

/** Bytes shown when a file opens, and fetched by each "Load older". */
const WINDOW = 64 * 1024;
/** The most fetched at once while following. */
const CHUNK = 256 * 1024;
/** The most text kept on the page; older text is dropped and can be loaded again. */
const MAX_TEXT = 1024 * 1024;
const POLL_MS = 500;
const RETRY_MS = 2000;

function filesUrl(operation, task, params) {
  const query = new URLSearchParams({ task_id: task.id, framework_id: task.framework_id, ...params });
  return 'files/' + operation + '?' + query;
}

/** Why a files call failed, from its JSON error. */
async function failure(response) {
  try {
    return (await response.json()).error || response.statusText;
  } catch {
    return response.statusText || 'HTTP ' + response.status;
  }
}

/**
 * The tail of one file of a task's sandbox. It follows the file as it grows (scrolling
 * along while "Follow" is on), can pause, loads older parts on request, and stops once the
 * task has ended and the file was read to its end.
 */
export class LogTail {
  constructor(task, path) {
    this.task = task;
    this.path = path;
    this.begin = 0;
    this.end = 0;
    this.length = 0;
    this.follow = true;
    this.paused = false;
    this.ended = false;
    this.destroyed = false;
    this.loadingOlder = false;
    this.timer = null;
    this.text = h('pre', { class: 'log-text', tabindex: '0', 'aria-label': path, dataset: { path } });
    this.status = h('span', { class: 'log-status', role: 'status' });
    this.olderButton = h('button', { type: 'button', class: 'older', hidden: true, on: { click: () => this.loadOlder() } }, 'Load older');
    this.followButton = h('button', { type: 'button', class: 'follow', 'aria-pressed': 'true', on: { click: () => this.setFollow(!this.follow) } }, 'Follow');
    this.pauseButton = h('button', { type: 'button', class: 'pause', on: { click: () => this.setPaused(!this.paused) } }, 'Pause');
    this.el = h('div', { class: 'log' },
      h('div', { class: 'log-tools' }, this.followButton, this.pauseButton, this.olderButton,
        h('a', { class: 'button', href: filesUrl('download', task, { path }), download: path.split('/').pop() }, 'Download'),
        this.status),
      this.text);
    this.text.addEventListener('scroll', () => {
      // Scrolling up to read stops following; scrolling back to the end resumes it.
      const atEnd = this.text.scrollTop + this.text.clientHeight >= this.text.scrollHeight - 4;
      if (atEnd !== this.follow) {
        this.setFollow(atEnd);
      }
      // Scrolling to the top brings the output before it.
      if (this.text.scrollTop === 0 && this.begin > 0 && !atEnd) {
        this.loadOlder();
      }
    });
  }

  start() {
    this.say('Opening ' + this.path + '…');
    this.open();
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.timer);
  }

  /** Tells the tail the task's latest state, which the page learns first. */
  taskState(state) {
    this.task = { ...this.task, state };
  }

  setFollow(on) {
    this.follow = on;
    this.followButton.setAttribute('aria-pressed', String(on));
    if (on) {
      this.scrollToEnd();
    }
  }

  setPaused(on) {
    this.paused = on;
    this.pauseButton.textContent = on ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('aria-pressed', String(on));
    if (on) {
      clearTimeout(this.timer);
      this.say('Paused');
    } else if (!this.ended) {
      this.poll();
    }
  }

  async read(offset, length) {
    const response = await fetch(filesUrl('read', this.task, { path: this.path, offset, length }), { cache: 'no-store' });
    if (!response.ok) {
      throw Object.assign(new Error(await failure(response)), { status: response.status });
    }
    const state = response.headers.get('X-Mezzo-Task-State');
    if (state) {
      this.taskState(state);
    }
    return response.json();
  }

  async open() {
    try {
      const size = (await this.read(-1, 0)).offset;
      this.begin = Math.max(0, size - WINDOW);
      this.end = this.begin;
      await this.fetchNewer(size - this.begin);
      this.olderButton.hidden = this.begin === 0;
      this.poll();
    } catch (error) {
      this.retry(error, () => this.open());
    }
  }

  /** Reads what follows the end, up to `length` bytes; returns how many came. */
  async fetchNewer(length) {
    if (length <= 0) {
      return 0;
    }
    const chunk = await this.read(this.end, length);
    if (this.destroyed || chunk.length === 0) {
      return 0;
    }
    this.end = chunk.offset + chunk.length;
    this.appendText(chunk.data);
    return chunk.length;
  }

  async poll() {
    clearTimeout(this.timer);
    if (this.destroyed || this.paused || this.ended) {
      return;
    }
    try {
      const state = this.task.state;
      const count = await this.fetchNewer(CHUNK);
      if (this.destroyed || this.paused) {
        return;
      }
      if (count === 0 && TERMINAL_STATES.has(state)) {
        // The task had ended before this read began, and the read found nothing more.
        this.ended = true;
        this.say('Task ended (' + stateName(state) + '): this is all of ' + this.path);
        this.el.classList.add('ended');
        return;
      }
      this.say(count > 0 ? 'Following ' + this.path : 'Waiting for output…');
      this.timer = setTimeout(() => this.poll(), count >= CHUNK ? 0 : POLL_MS);
    } catch (error) {
      this.retry(error, () => this.poll());
    }
  }

  async loadOlder() {
    if (this.begin === 0 || this.loadingOlder) {
      return;
    }
    this.loadingOlder = true;
    const from = Math.max(0, this.begin - WINDOW);
    try {
      const chunk = await this.read(from, this.begin - from);
      if (this.destroyed) {
        return;
      }
      const height = this.text.scrollHeight;
      this.text.prepend(document.createTextNode(chunk.data));
      this.length += chunk.data.length;
      this.begin = chunk.offset;
      this.olderButton.hidden = this.begin === 0;
      // Keep what the reader was looking at in place.
      this.text.scrollTop += this.text.scrollHeight - height;
    } catch (error) {
      this.say('Could not load older output: ' + error.message);
    } finally {
      this.loadingOlder = false;
    }
  }

  appendText(data) {
    this.text.append(document.createTextNode(data));
    this.length += data.length;
    if (this.length > MAX_TEXT && !this.loadingOlder) {
      // Keep the newest part; what is dropped is counted in bytes, as offsets are.
      const all = this.text.textContent;
      const kept = all.slice(all.length - Math.floor(MAX_TEXT * 0.75));
      this.begin += new TextEncoder().encode(all.slice(0, all.length - kept.length)).length;
      replace(this.text, kept);
      this.length = kept.length;
      this.olderButton.hidden = false;
    }
    if (this.follow) {
      this.scrollToEnd();
    }
  }

  scrollToEnd() {
    this.text.scrollTop = this.text.scrollHeight;
  }

  retry(error, step) {
    if (this.destroyed) {
      return;
    }
    // A file that is not there after the task ended, or a request refused, will stay so.
    const lasting = error.status >= 400 && error.status < 500 && (error.status !== 404 || TERMINAL_STATES.has(this.task.state));
    if (lasting) {
      this.ended = true;
      this.say(error.message);
      return;
    }
    this.say(error.message + ' — retrying');
    this.timer = setTimeout(step, RETRY_MS);
  }

  say(text) {
    this.status.textContent = text;
  }
}

/** The files of a task's sandbox, one directory at a time; a file opens in `onOpen(path)`. */
export class FileBrowser {
  constructor(task, onOpen) {
    this.task = task;
    this.onOpen = onOpen;
    this.crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Sandbox path' });
    this.body = h('tbody');
    this.status = h('p', { class: 'muted' });
    this.el = h('div', { class: 'files' }, this.crumbs,
      h('div', { class: 'table-scroll' }, h('table', null,
        h('thead', null, h('tr', null, ['Name', 'Mode', 'Size', 'Modified', ''].map((t) => h('th', { text: t })))),
        this.body)),
      this.status);
  }

  async load(path = '') {
    this.path = path;
    const parts = path.split('/').filter(Boolean);
    replace(this.crumbs, h('button', { type: 'button', class: 'link', on: { click: () => this.load('') } }, 'sandbox'),
      parts.map((part, i) => ['/', h('button', { type: 'button', class: 'link', on: { click: () => this.load(parts.slice(0, i + 1).join('/')) } }, part)]));
    try {
      const response = await fetch(filesUrl('browse', this.task, { path }), { cache: 'no-store' });
      if (!response.ok) {
        throw new Error(await failure(response));
      }
      const entries = await response.json();
      this.status.textContent = response.headers.get('X-Mezzo-Truncated') ? 'Only the first entries are listed.' : '';
      replace(this.body, entries.length === 0 ? h('tr', { class: 'empty' }, h('td', { colspan: 5, text: 'Empty directory' })) :
        entries.map((entry) => this.row(entry)));
    } catch (error) {
      replace(this.body);
      this.status.textContent = 'Cannot list the sandbox: ' + error.message;
    }
  }

  row(entry) {
    const name = entry.path.split('/').pop();
    const directory = entry.mode.startsWith('d');
    return h('tr', null,
      h('td', null, h('button', {
        type: 'button', class: 'link', on: { click: () => (directory ? this.load(entry.path) : this.onOpen(entry.path)) },
      }, name + (directory ? '/' : ''))),
      h('td', { class: 'mono', text: entry.mode }),
      h('td', { class: 'num', text: directory ? '' : bytes(entry.size) }),
      h('td', { text: absoluteTime(entry.mtime) }),
      h('td', null, directory ? null : h('a', { href: filesUrl('download', this.task, { path: entry.path }), download: name }, 'Download')));
  }
}
