// Routes live in the URL's fragment (#/tasks?q=sleep), so every page, with its filter, sort
// and page, can be reloaded, bookmarked and shared, and the master serves one page only.

/** The route in `hash`: its path segments and query. */
export function parse(hash = location.hash) {
  const text = hash.replace(/^#/, '');
  const mark = text.indexOf('?');
  const path = mark < 0 ? text : text.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : text.slice(mark + 1));
  const segments = path.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return { path: '/' + segments.map(encodeURIComponent).join('/'), segments, query };
}

/** The route of `segments` (each encoded) with `query` (an object or URLSearchParams). */
export function href(segments, query) {
  const path = '/' + segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams(query || {});
  const text = params.toString();
  return path + (text ? '?' + text : '');
}

/**
 * Changes parameters of the current route's query without a new history entry or a
 * re-render: how tables keep their filter, sort and page in the URL.
 */
export function updateQuery(changes) {
  const { path, query } = parse();
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') {
      query.delete(name);
    } else {
      query.set(name, value);
    }
  }
  const text = query.toString();
  history.replaceState(history.state, '', '#' + path + (text ? '?' + text : ''));
}
