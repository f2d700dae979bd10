// Any other route.
import { h, link } from '../dom.js';

export function notFoundPage({ segments }) {
  return {
    el: h('div', { class: 'panel missing' },
      h('h1', { text: 'No such page' }),
      h('p', null, 'The dashboard has no page ', h('code', { text: '/' + segments.join('/') }), '.'),
      h('p', null, link('/', 'Back to the cluster'))),
    update() {},
  };
}
