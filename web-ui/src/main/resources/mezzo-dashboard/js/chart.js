// The home page's chart: the share of each resource in use over the last minutes, drawn as
// SVG lines (no library: a few paths are all it takes).
import { h, svg } from './dom.js';

const WIDTH = 1000;
const HEIGHT = 180;
const PAD = { left: 36, right: 8, top: 8, bottom: 20 };
/** The time the chart spans, in seconds: the master keeps ten minutes. */
const SPAN = 600;

/**
 * The chart of `history` (samples of used and total per resource), ending with `current`,
 * the figures the page shows now, so that the chart never lags behind the table.
 */
export function allocationChart(history, current, now = Date.now() / 1000) {
  history = current ? history.concat([{ ...current, t: now }]) : history;
  const names = ['cpus', 'mem', 'disk'];
  if (history.some((s) => s.total && s.total.gpus > 0)) {
    names.push('gpus');
  }
  const x = (t) => PAD.left + ((t - (now - SPAN)) / SPAN) * (WIDTH - PAD.left - PAD.right);
  const y = (share) => PAD.top + (1 - share) * (HEIGHT - PAD.top - PAD.bottom);
  const grid = [0, 0.5, 1].map((share) => [
    svg('line', { class: 'gridline', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(share), y2: y(share) }),
    svg('text', { class: 'axis', x: PAD.left - 6, y: y(share) + 4, 'text-anchor': 'end' }, Math.round(share * 100) + '%'),
  ]);
  const ticks = [SPAN, SPAN / 2, 0].map((ago) => svg('text', {
    class: 'axis', x: x(now - ago), y: HEIGHT - 4, 'text-anchor': ago === SPAN ? 'start' : ago === 0 ? 'end' : 'middle',
  }, ago === 0 ? 'now' : '-' + ago / 60 + ' min'));
  const recent = history.filter((s) => s.t >= now - SPAN);
  const lines = names.map((name) => {
    const points = recent.map((s) => {
      const total = s.total ? s.total[name] : 0;
      const share = total > 0 ? Math.min(1, s.used[name] / total) : 0;
      return x(s.t).toFixed(1) + ',' + y(share).toFixed(1);
    });
    return points.length === 0 ? null : svg('polyline', { class: 'series series-' + name, points: points.join(' ') });
  });
  const latest = recent[recent.length - 1];
  const legend = h('ul', { class: 'legend' }, names.map((name) => {
    const total = latest && latest.total ? latest.total[name] : 0;
    const share = total > 0 ? Math.round((100 * latest.used[name]) / total) : 0;
    return h('li', { class: 'series-' + name }, h('span', { class: 'swatch' }), name + ' ' + share + '%');
  }));
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Share of resources allocated over the last ten minutes' },
      grid, ticks, lines),
    h('figcaption', null, legend));
}
