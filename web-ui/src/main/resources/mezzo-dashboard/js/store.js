// The cluster as the feed last described it: a snapshot when the stream (re)connects, then
// updates that carry only what changed. Pages read it; they never change it.

/** How each collection's rows are keyed (tasks carry their own key: task IDs may be reused). */
const COLLECTIONS = {
  agents: (row) => row.id,
  frameworks: (row) => row.id,
  completed_frameworks: (row) => row.id,
  tasks: (row) => row.key,
};
const SCALARS = ['master', 'metrics', 'roles', 'masters'];
/** Ten minutes of samples, as the master keeps. */
const HISTORY_LIMIT = 300;

export class Store {
  constructor() {
    this.listeners = new Set();
    this.reset();
  }

  reset() {
    this.ready = false;
    this.master = null;
    this.metrics = {};
    this.roles = [];
    this.masters = [];
    this.history = [];
    this.collections = Object.fromEntries(Object.keys(COLLECTIONS).map((name) => [name, new Map()]));
    /** When the last snapshot or update came, in milliseconds. */
    this.receivedAt = 0;
  }

  get agents() { return this.collections.agents; }
  get frameworks() { return this.collections.frameworks; }
  get completedFrameworks() { return this.collections.completed_frameworks; }
  get tasks() { return this.collections.tasks; }

  /** Replaces everything with a snapshot. */
  applySnapshot(data) {
    this.reset();
    for (const name of SCALARS) {
      if (name in data) {
        this[name] = data[name];
      }
    }
    for (const [name, keyOf] of Object.entries(COLLECTIONS)) {
      for (const row of data[name] || []) {
        this.collections[name].set(keyOf(row), row);
      }
    }
    this.history = (data.history || []).slice(-HISTORY_LIMIT);
    this.ready = true;
    this.changed();
  }

  /** Applies the changes of an update. */
  applyUpdate(data) {
    if (!this.ready) {
      return;
    }
    for (const name of SCALARS) {
      if (name in data) {
        this[name] = data[name];
      }
    }
    for (const [name, keyOf] of Object.entries(COLLECTIONS)) {
      const change = data[name];
      if (!change) {
        continue;
      }
      const rows = this.collections[name];
      for (const key of change.remove || []) {
        rows.delete(key);
      }
      for (const row of change.upsert || []) {
        rows.set(keyOf(row), row);
      }
    }
    if (data.sample) {
      this.history.push(data.sample);
      if (this.history.length > HISTORY_LIMIT) {
        this.history.splice(0, this.history.length - HISTORY_LIMIT);
      }
    }
    this.changed();
  }

  /** The framework with this ID, active or completed. */
  framework(id) {
    return this.frameworks.get(id) || this.completedFrameworks.get(id) || null;
  }

  /** The newest task with this framework and task ID. */
  task(frameworkId, taskId) {
    return this.tasks.get(frameworkId + '/' + taskId) || null;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    this.receivedAt = Date.now();
    for (const listener of this.listeners) {
      listener(this);
    }
  }
}
