// SPDX-License-Identifier: MPL-2.0
// Citations: every incident statement the widget shows names its sources (publisher, date) from the signed
// catalog; each marker links to its source when the catalog gives an https address, and the full list
// (title, publisher, date, link) closes the widget.
import { h, safeHttpsUrl } from './dom.js';
import { longDate } from './text.js';
import { typeset } from './typography.js';

function sourceById(catalog, id) {
  return ((catalog && catalog.sources) || []).find((s) => s.id === id);
}

function shortName(source, lang) {
  return source.date ? `${source.publisher}, ${longDate(source.date, lang)}` : source.publisher;
}

/**
 * Inline reference to the numbered source list ("[1, 3]"): each number a link to its source when it has one,
 * with the full name for screen readers. Numbers follow the catalog's order, as in the list closing the widget.
 */
export function cite(ids, catalog, t, lang) {
  const all = (catalog && catalog.sources) || [];
  const found = (ids || []).map((id) => [all.findIndex((s) => s.id === id), sourceById(catalog, id)])
    .filter(([i]) => i >= 0).sort((a, b) => a[0] - b[0]);
  if (found.length === 0) return null;
  const prefix = found.length > 1 ? t.sourcesPrefix : t.sourcePrefix;
  const markers = [];
  found.forEach(([i, source], n) => {
    if (n > 0) markers.push(h('span', { 'aria-hidden': 'true' }, ', '));
    const name = typeset(shortName(source, lang), lang);
    const url = safeHttpsUrl(source.url);
    markers.push(url
      ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', title: name }, String(i + 1),
        h('span', { class: 'visually-hidden' }, ` (${prefix} ${name} ${t.linkExternal})`))
      : [h('span', { 'aria-hidden': 'true', title: name }, String(i + 1)),
        h('span', { class: 'visually-hidden' }, `${prefix} ${name}`)]);
  });
  return h('span', { class: 'cite', part: 'cite' },
    h('span', { 'aria-hidden': 'true' }, '\u00A0['), markers, h('span', { 'aria-hidden': 'true' }, ']'));
}

/** The https links of these sources, shown in full (e.g. where to report a scam). */
export function sourceLinks(ids, catalog, t) {
  const links = (ids || []).map((id) => sourceById(catalog, id)).filter((s) => s && safeHttpsUrl(s.url))
    .map((s) => {
      const url = safeHttpsUrl(s.url);
      return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, new URL(url).host.replace(/^www\./, ''),
        h('span', { class: 'visually-hidden' }, ` ${t.linkExternal}`));
    });
  if (links.length === 0) return null;
  const items = [];
  links.forEach((link, i) => items.push(i ? ' · ' : '', link));
  return h('span', { class: 'links' }, ' ', items);
}

export function sourcesList(catalog, t, lang) {
  const items = ((catalog && catalog.sources) || []).map((source) => {
    const url = safeHttpsUrl(source.url);
    // Source titles are French documents: marked so, whatever the widget's language.
    return h('li', {},
      h('span', { class: 'source-title', lang: 'fr' }, typeset(source.title, 'fr')),
      ' — ', source.publisher,
      source.date ? `, ${longDate(source.date, lang)}` : '',
      url ? [' ', h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, new URL(url).host,
        h('span', { class: 'visually-hidden' }, ` ${t.linkExternal}`))] : '');
  });
  return h('details', { class: 'sources', part: 'sources' },
    h('summary', {}, t.sourcesTitle),
    h('ol', {}, items));
}
