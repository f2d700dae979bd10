// How numbers, times, IDs and states read on the dashboard.

export const TERMINAL_STATES = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST',
  'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);

/** The task states the home page counts, in the order Mesos lists them, with their metric names. */
export const COUNTED_STATES = ['staging', 'starting', 'running', 'killing', 'finished', 'killed', 'failed', 'lost',
  'error', 'dropped', 'unreachable', 'gone', 'gone_by_operator', 'unknown'];

/** A number without trailing zeros, at most `digits` decimals: 4, 0.1, 1.25. */
export function num(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A CPU count. */
export function cpus(value) {
  return num(value, 2);
}

/** Megabytes as Mesos shows them: 512 MB, 4.0 GB, 1.5 TB. */
export function megabytes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  const units = ['MB', 'GB', 'TB', 'PB'];
  let amount = Number(value);
  let unit = 0;
  while (Math.abs(amount) >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit++;
  }
  return unit === 0 ? num(amount, 1) + ' MB' : amount.toFixed(1) + ' ' + units[unit];
}

/** One resource amount in its own unit. */
export function resource(name, value) {
  return name === 'mem' || name === 'disk' ? megabytes(value) : cpus(value);
}

/** A share as a percentage: 0.25 → "25%". */
export function percent(part, whole) {
  if (!whole) {
    return '0%';
  }
  return Math.round((100 * part) / whole) + '%';
}

/** Seconds since the Unix epoch as a local date and time. */
export function absoluteTime(seconds) {
  if (!seconds) {
    return '—';
  }
  return new Date(seconds * 1000).toLocaleString();
}

/** A duration in seconds as people say it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return s + ' s';
  }
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    return minutes + ' min';
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
  }
  const days = Math.floor(hours / 24);
  return days + ' d' + (hours % 24 ? ' ' + (hours % 24) + ' h' : '');
}

/** How long ago (or how far ahead) a time is, relative to `now` (seconds). */
export function relativeTime(seconds, now = Date.now() / 1000) {
  if (!seconds) {
    return '—';
  }
  const delta = now - seconds;
  if (Math.abs(delta) < 5) {
    return 'just now';
  }
  return delta > 0 ? duration(delta) + ' ago' : 'in ' + duration(-delta);
}

/**
 * An ID short enough for a table cell. Mezzo's framework IDs share their master's prefix
 * and agents' IDs their suffix, so both ends are kept.
 */
export function shortId(id) {
  if (!id || id.length <= 16) {
    return id || '';
  }
  return id.slice(0, 8) + '…' + id.slice(-5);
}

/** TASK_RUNNING → RUNNING. */
export function stateName(state) {
  return (state || 'UNKNOWN').replace(/^TASK_/, '');
}

/** A CSS class for a state's colour. */
export function stateClass(state) {
  const name = stateName(state).toLowerCase();
  if (name === 'running' || name === 'finished') {
    return 'state-' + name;
  }
  if (['staging', 'starting', 'killing'].includes(name)) {
    return 'state-pending';
  }
  if (['failed', 'error', 'lost', 'dropped', 'gone', 'gone_by_operator'].includes(name)) {
    return 'state-bad';
  }
  return 'state-other';
}

/** REASON_COMMAND_EXECUTOR_FAILED → command executor failed. */
export function reason(text) {
  return text ? text.replace(/^REASON_/, '').toLowerCase().replaceAll('_', ' ') : '';
}

/** Only http(s) links are followed: a framework's web UI URL is the framework's to choose. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A file size: 812 B, 4.2 KB, 1.0 MB. */
export function bytes(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (value < 1024) {
    return value + ' B';
  }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let amount = value / 1024;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit++;
  }
  return amount.toFixed(1) + ' ' + units[unit];
}
