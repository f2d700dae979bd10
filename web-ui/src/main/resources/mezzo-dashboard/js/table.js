// Sortable, filterable, paged tables whose filter, sort and page live in the URL.
import { h, replace } from './dom.js';
import { updateQuery } from './router.js';

export const PAGE_SIZE = 50;

/**
 * A table of rows. A column has `label`, `value(row)` (what it sorts by and, unless
 * `text(row)` says otherwise, what the filter searches), optionally `cell(row)` (what it
 * shows), `numeric`, and `optional` (hidden on a phone's width). The filter keeps rows
 * that contain every word typed, in any column.
 *
 * The element is built once per page, so typing in the filter keeps its focus while the
 * rows change under it; `setRows` refreshes the body.
 */
export class DataTable {
  /**
   * @param options.columns the columns
   * @param options.key a row's unique key
   * @param options.query the route's query, which holds the table's state
   * @param options.prefix prefix of the table's query parameters, when a page has several tables
   * @param options.sort the column sorted by at first, and `options.descending`
   * @param options.name what the rows are, for the filter's label ("tasks")
   */
  constructor(options) {
    this.columns = options.columns;
    this.key = options.key;
    this.prefix = options.prefix || '';
    this.name = options.name || 'rows';
    this.rows = [];
    const query = options.query || new URLSearchParams();
    this.filter = query.get(this.param('q')) || '';
    const sort = query.get(this.param('sort'));
    this.sortIndex = Math.max(0, this.columns.findIndex((c) => c.id === (sort || options.sort)));
    const dir = query.get(this.param('dir'));
    this.descending = dir ? dir === 'desc' : Boolean(options.descending);
    this.page = Math.max(1, parseInt(query.get(this.param('page')) || '1', 10) || 1);
    this.build();
  }

  param(name) {
    return this.prefix ? this.prefix + '.' + name : name;
  }

  build() {
    this.input = h('input', {
      type: 'search', class: 'filter', placeholder: 'Filter ' + this.name, 'aria-label': 'Filter ' + this.name,
      on: { input: () => this.onFilter() },
    });
    this.input.value = this.filter;
    this.count = h('span', { class: 'count' });
    this.head = h('tr');
    this.body = h('tbody');
    this.pager = h('div', { class: 'pager' });
    this.el = h('div', { class: 'datatable', dataset: { table: this.name } },
      h('div', { class: 'table-tools' }, this.input, this.count),
      h('div', { class: 'table-scroll' }, h('table', null, h('thead', null, this.head), this.body)),
      this.pager);
    this.renderHead();
  }

  renderHead() {
    replace(this.head, this.columns.map((column, index) => {
      const sorted = index === this.sortIndex;
      return h('th', {
        class: [column.numeric && 'num', column.optional && 'optional', sorted && 'sorted'],
        'aria-sort': sorted ? (this.descending ? 'descending' : 'ascending') : 'none',
      }, h('button', { type: 'button', class: 'sort', on: { click: () => this.onSort(index) } },
        column.label, h('span', { class: 'arrow', text: sorted ? (this.descending ? '▼' : '▲') : '' })));
    }));
  }

  onFilter() {
    this.filter = this.input.value;
    this.page = 1;
    updateQuery({ [this.param('q')]: this.filter.trim(), [this.param('page')]: null });
    this.render();
  }

  onSort(index) {
    if (index === this.sortIndex) {
      this.descending = !this.descending;
    } else {
      this.sortIndex = index;
      this.descending = Boolean(this.columns[index].numeric);
    }
    updateQuery({ [this.param('sort')]: this.columns[index].id, [this.param('dir')]: this.descending ? 'desc' : 'asc' });
    this.renderHead();
    this.render();
  }

  onPage(page) {
    this.page = page;
    updateQuery({ [this.param('page')]: page > 1 ? page : null });
    this.render();
  }

  setRows(rows) {
    this.rows = rows;
    this.render();
  }

  /** The rows the filter keeps, sorted. */
  visible() {
    const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const kept = words.length === 0 ? this.rows.slice() : this.rows.filter((row) => {
      const text = this.columns.map((c) => String((c.text || c.value)(row) ?? '')).join(' ').toLowerCase();
      return words.every((word) => text.includes(word));
    });
    const column = this.columns[this.sortIndex];
    const sign = this.descending ? -1 : 1;
    return kept.sort((a, b) => sign * compare(column.value(a), column.value(b)) || compare(this.key(a), this.key(b)));
  }

  render() {
    const rows = this.visible();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(this.page, pages);
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    replace(this.body, shown.length === 0
      ? h('tr', { class: 'empty' }, h('td', { colspan: this.columns.length, text: this.rows.length ? 'No ' + this.name + ' match the filter' : 'No ' + this.name }))
      : shown.map((row) => h('tr', { dataset: { key: this.key(row) } }, this.columns.map((column) =>
        h('td', { class: [column.numeric && 'num', column.optional && 'optional'] }, column.cell ? column.cell(row) : column.value(row))))));
    const noun = this.rows.length === 1 ? this.name.replace(/s$/, '') : this.name;
    this.count.textContent = rows.length === this.rows.length
      ? rows.length + ' ' + noun
      : rows.length + ' of ' + this.rows.length + ' ' + noun;
    replace(this.pager, pages === 1 ? null : [
      h('button', { type: 'button', disabled: page <= 1, on: { click: () => this.onPage(page - 1) } }, '‹ Previous'),
      h('span', { text: 'Page ' + page + ' of ' + pages }),
      h('button', { type: 'button', disabled: page >= pages, on: { click: () => this.onPage(page + 1) } }, 'Next ›'),
    ]);
  }
}

function compare(a, b) {
  if (a === b) {
    return 0;
  }
  if (a === null || a === undefined || a === '') {
    return 1;
  }
  if (b === null || b === undefined || b === '') {
    return -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
