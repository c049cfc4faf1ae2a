// SPDX-License-Identifier: MPL-2.0
// Citations: every incident statement the widget shows names its sources (publisher, date) from the signed
// catalog: one "Sources" line per section (results), or numbered markers (the pre-check); a source links to its
// page when the catalog gives an https address, and the full list (title, publisher, date, link) closes the
// widget.
import { h, safeHttpsUrl } from './dom.js';
import { longDate } from './text.js';
import { typeset } from './typography.js';

function sourceById(catalog, id) {
  return ((catalog && catalog.sources) || []).find((s) => s.id === id);
}

// The publisher's name is French (a French body or document) whatever the widget's language: marked so.
function sourceName(source, lang) {
  const publisher = lang === 'fr' ? typeset(source.publisher, 'fr')
    : h('span', { lang: 'fr' }, typeset(source.publisher, 'fr'));
  return [publisher, source.date ? `, ${longDate(source.date, lang)}` : ''];
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
        h('span', { class: 'visually-hidden' }, ` (${prefix} `, sourceName(source, lang), ` ${t.linkExternal})`))
      : [h('span', { 'aria-hidden': 'true', title: name }, String(i + 1)),
        h('span', { class: 'visually-hidden' }, `${prefix} `, sourceName(source, lang))]);
  });
  return h('span', { class: 'cite', part: 'cite' },
    h('span', { 'aria-hidden': 'true' }, '\u00A0['), markers, h('span', { 'aria-hidden': 'true' }, ']'));
}

/**
 * One "Sources" line for a whole section: each source named once (publisher, date), in the catalog's order,
 * linked to its page when the catalog gives an https address. `links: false` names them without links (a line
 * in view between the verdict and the next action, where every link is one more Tab stop); the same sources
 * are linked in the list closing the widget.
 */
export function sourcesLine(ids, catalog, t, lang, { links = true } = {}) {
  const all = (catalog && catalog.sources) || [];
  const unique = [...new Set(ids || [])];
  const found = all.filter((s) => unique.includes(s.id));
  if (found.length === 0) return null;
  const items = [];
  found.forEach((source, i) => {
    if (i) items.push(' · ');
    const name = sourceName(source, lang);
    const url = links ? safeHttpsUrl(source.url) : null;
    items.push(url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, name,
      h('span', { class: 'visually-hidden' }, ` ${t.linkExternal}`)) : name);
  });
  return h('p', { class: 'sources-line', part: 'cite' },
    `${found.length > 1 ? t.sourcesPrefix : t.sourcePrefix} `, items);
}

export function sourcesList(catalog, t, lang) {
  const items = ((catalog && catalog.sources) || []).map((source) => {
    const url = safeHttpsUrl(source.url);
    // Source titles are French documents: marked so, whatever the widget's language.
    return h('li', {},
      h('span', { class: 'source-title', lang: 'fr' }, typeset(source.title, 'fr')),
      ' — ', sourceName(source, lang)[0],
      sourceName(source, lang)[1],
      url ? [' ', h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, new URL(url).host,
        h('span', { class: 'visually-hidden' }, ` ${t.linkExternal}`))] : '');
  });
  return h('details', { class: 'sources', part: 'sources' },
    h('summary', {}, t.sourcesTitle),
    h('ol', {}, items));
}
