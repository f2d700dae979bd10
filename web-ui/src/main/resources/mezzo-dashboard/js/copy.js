// Shortened IDs copy the full ID on click: one listener for the whole page.
import { h } from './dom.js';
import { shortId } from './format.js';

/** A shortened ID that shows the full one on hover and copies it on click. */
export function idButton(id) {
  if (!id) {
    return '—';
  }
  return h('button', { type: 'button', class: 'id', title: id + ' (click to copy)', dataset: { copy: id } }, shortId(id));
}

export function installCopy(toast) {
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-copy]');
    if (!button) {
      return;
    }
    event.preventDefault();
    copy(button.dataset.copy).then(
      (done) => toast(done ? 'Copied ' + button.dataset.copy : 'Select and copy: ' + button.dataset.copy));
  });
}

/** Copies `text`: with the Clipboard API where the page may use it, else the older way. */
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, no focus): fall back.
    }
  }
  const area = h('textarea', { class: 'offscreen', readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  return done;
}
