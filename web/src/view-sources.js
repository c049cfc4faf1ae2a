// SPDX-License-Identifier: MPL-2.0
// Citations: every incident statement the widget shows names its sources (publisher, date) from the signed
// catalog, and the full list (title, publisher, date, https link) closes the widget.
import { h, safeHttpsUrl } from './dom.js';
import { longDate } from './text.js';

function sourceById(catalog, id) {
  return ((catalog && catalog.sources) || []).find((s) => s.id === id);
}

function shortName(source, lang) {
  return source.date ? `${source.publisher}, ${longDate(source.date, lang)}` : source.publisher;
}

/**
 * Inline reference to the numbered source list ("[1, 3]"), with the full names for screen readers.
 * Numbers follow the catalog's source order, as in the list that closes the widget.
 */
export function cite(ids, catalog, t, lang) {
  const all = (catalog && catalog.sources) || [];
  const found = (ids || []).map((id) => [all.findIndex((s) => s.id === id), sourceById(catalog, id)])
    .filter(([i]) => i >= 0).sort((a, b) => a[0] - b[0]);
  if (found.length === 0) return null;
  const names = found.map(([, s]) => shortName(s, lang)).join(' ; ');
  return h('span', { class: 'cite', part: 'cite', title: names },
    h('span', { 'aria-hidden': 'true' }, ` [${found.map(([i]) => i + 1).join(', ')}]`),
    h('span', { class: 'visually-hidden' }, ` (${found.length > 1 ? t.sourcesPrefix : t.sourcePrefix} ${names})`));
}

export function sourcesList(catalog, t, lang) {
  const items = ((catalog && catalog.sources) || []).map((source) => {
    const url = safeHttpsUrl(source.url);
    return h('li', {},
      h('span', { class: 'source-title' }, source.title),
      ' — ', source.publisher,
      source.date ? `, ${longDate(source.date, lang)}` : '',
      url ? [' ', h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, new URL(url).host,
        h('span', { class: 'visually-hidden' }, ` ${t.linkExternal}`))] : '');
  });
  return h('details', { class: 'sources', part: 'sources', open: true },
    h('summary', {}, t.sourcesTitle),
    h('ol', {}, items));
}
