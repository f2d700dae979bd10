// The push feed: server-sent events from the leader (GET /api/v1/events/stream). The
// browser's EventSource reconnects by itself only to the same address; after a failover
// that address may be a standby or a dead master, so the feed finds the leader itself.

const STREAM = 'api/v1/events/stream';
const MAX_BACKOFF_MS = 5000;

export class Feed {
  /**
   * @param store where snapshots and updates go
   * @param onStatus told 'connecting', 'live', 'reconnecting' or 'no-leader'
   */
  constructor(store, onStatus) {
    this.store = store;
    this.onStatus = onStatus;
    this.failures = 0;
    this.source = null;
    this.timer = null;
  }

  start() {
    this.onStatus('connecting');
    this.connect();
  }

  connect() {
    const source = new EventSource(STREAM);
    this.source = source;
    source.addEventListener('snapshot', (event) => {
      this.failures = 0;
      this.store.applySnapshot(JSON.parse(event.data));
      this.onStatus('live');
    });
    source.addEventListener('update', (event) => this.store.applyUpdate(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      // Ended by the master (it stopped leading, or this browser read too slowly) or broken:
      // either way, find out where the leader is now rather than retry blindly.
      source.close();
      if (this.source === source) {
        this.source = null;
        this.onStatus('reconnecting');
        this.later(() => this.recover());
      }
    });
  }

  later(step) {
    clearTimeout(this.timer);
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures);
    this.failures++;
    this.timer = setTimeout(step, delay);
  }

  async recover() {
    let elected;
    try {
      // Every master answers this itself, leader or standby: it says which this one is.
      const response = await fetch('metrics/snapshot', { cache: 'no-store' });
      elected = response.ok && (await response.json())['master/elected'] === 1;
    } catch {
      // This master is gone.
      await this.tryOtherMasters();
      return;
    }
    if (elected) {
      this.connect();
      return;
    }
    // A standby redirects every page to the leader once it knows one: reload there, on the
    // same route (the fragment survives the redirect).
    const redirect = await fetch('master/redirect', { redirect: 'manual', cache: 'no-store' }).catch(() => null);
    if (redirect && redirect.type === 'opaqueredirect') {
      location.reload();
      return;
    }
    this.onStatus('no-leader');
    this.later(() => this.recover());
  }

  /** Moves to another master that still answers; its redirect leads to the leader. */
  async tryOtherMasters() {
    const here = location.host;
    for (const master of this.store.masters || []) {
      const host = master.hostname + ':' + master.port;
      if (host === here) {
        continue;
      }
      try {
        // An opaque answer is enough: it says the master is up.
        await fetch('http://' + host + '/master/redirect', { mode: 'no-cors', cache: 'no-store' });
        location.assign('http://' + host + '/' + location.hash);
        return;
      } catch {
        // Down too; try the next one.
      }
    }
    this.onStatus('no-leader');
    this.later(() => this.recover());
  }
}
