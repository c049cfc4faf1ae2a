// SPDX-License-Identifier: MPL-2.0
// The verdict of one check across a directory's lists: the sentence names the list(s) the person is in
// ("Oui : vos données figurent dans la liste d'Almérys"), or says they are in none of the N lists checked,
// naming them. Then one entry per list: found (what was exposed, the contact of that list's publisher as the signed
// directory gives it, else the page's publisher-contact), not found, or unchecked (unreachable, integrity error,
// expired: said as such, with what to do). An unchecked list is never counted as "not found": with one, a check
// that found nothing is "incomplete", not a no.
// Part of the code a page loads only for a directory (web/src/directory.js): the view's building blocks come from
// the widget that loaded it (ui/element.js), so both share one DOM helper (and its unique ids) and one string table.

/** The directory views over the loading widget's building blocks. */
export function directoryView({ h, heading, loc, listJoin, exposedLine, provenance, verdictHead, personLabel, whoLine,
  priorityActions, contactLine }) {

  const ORDER = { affected: 0, integrity_error: 1, unavailable: 1, not_found: 2 };

  function listEntry(list, ctx, level) {
    const { t, lang } = ctx;
    const d = t.directory;
    const name = loc(list.name, lang);
    const attrs = { class: `directory-list ${list.status.replace('_', '-')}`, 'data-list': list.id, 'data-list-status': list.status };
    if (list.status === 'affected') {
      return h('li', attrs, heading(level, { class: 'list-verdict' }, d.inList(name)),
        exposedLine(list.exposed || [], ctx),
        // The list's own publisher (signed in the directory), else the page's contact, labelled as the page's:
        // it is whoever runs this page, not necessarily that list's publisher.
        list.contact ? contactLine(list.contact, { ...t, contactLabel: d.listContact }) : contactLine(ctx.contact, t),
        provenance(list.dataset, t, lang));
    }
    if (list.status === 'not_found') return h('li', attrs, h('p', { class: 'list-verdict' }, d.notInList(name)));
    const code = (list.errors || [])[0];
    return h('li', attrs, heading(level, { class: 'list-verdict unchecked' }, d.unchecked(name)),
      h('p', { class: 'explain', 'data-code': code || null },
        list.status === 'integrity_error' ? d.uncheckedIntegrity : d.uncheckedUnavailable),
      code ? h('p', { class: 'code' }, t.errorCode(code)) : null,
      list.status === 'unavailable' && ctx.onRetry ? h('div', { class: 'actions' }, h('button', { type: 'button',
        class: 'button secondary retry', part: 'button retry', on: { click: ctx.onRetry } }, d.retryUnchecked)) : null);
  }

  /** The result section of a directory check (statuses affected, not_found, incomplete); ctx as renderResult's. */
  function renderDirectoryResult(result, ctx) {
    const { t, lang } = ctx;
    const d = t.directory;
    const level = ctx.level || 3;
    const lists = [...result.lists].sort((a, b) => (ORDER[a.status] ?? 1) - (ORDER[b.status] ?? 1));
    const names = (status) => result.lists.filter((l) => l.status === status).map((l) => loc(l.name, lang));
    const found = names('affected');
    let head;
    if (found.length) {
      head = verdictHead('alert', level, 'affected', found.length === 1 ? d.foundOne(found[0]) : d.foundMany(found), personLabel(ctx));
    } else if (result.status === 'not_found') {
      head = verdictHead('info', level, 'not-found', d.noneOf(result.lists.length), personLabel(ctx));
    } else {
      head = verdictHead('warning', level, 'incomplete', d.incompleteTitle, personLabel(ctx));
    }
    const lead = [
      result.status === 'not_found' ? h('p', { class: 'lists-checked' }, d.listsChecked(listJoin(names('not_found'), lang))) : null,
      result.status === 'incomplete' ? h('p', { class: 'incomplete' }, d.incompleteText) : null,
      whoLine(ctx.who, t, lang),
    ];
    const body = [
      h('ul', { class: 'directory-lists', part: 'lists' }, lists.map((list) => listEntry(list, ctx, level + 1))),
      ctx.catalog ? priorityActions(ctx, level + 1) : null,
      ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    ];
    const whoEl = lead.find((el) => el && el.classList && el.classList.contains('who'));
    const labelledBy = [head.personId, head.id, head.personId && whoEl ? whoEl.id : null].filter(Boolean);
    return h('section', { class: `result directory ${result.status.replace('_', '-')}`, part: `result result-${result.status}`,
      'data-status': result.status, 'aria-labelledby': labelledBy.join(' ') },
    head.element, lead, ctx.compact ? h('details', { class: 'earlier' }, h('summary', {}, t.resultDetails), body) : body);
  }

  // The lists a directory checks, named in the introduction instead of one list's publisher.
  function renderListsIntro(lists, t, lang) {
    return h('p', { class: 'directory-lists-intro' }, t.directory.listsConsulted(listJoin(lists.map((l) => loc(l.name, lang)), lang)));
  }

  // A directory's lists that could not be opened, named before any check: they will not be checked (never
  // "not found").
  function renderListsAtLoad(lists, t, lang) {
    const failed = lists.filter((l) => l.status !== 'ready');
    if (failed.length === 0) return null;
    return h('ul', { class: 'directory-at-load warning', part: 'notice' }, failed.map((l) => h('li', {
      'data-list': l.id, 'data-list-status': l.status, 'data-code': (l.errors || [])[0] || null },
    `${t.directory.unchecked(loc(l.name, lang))}. `,
    l.status === 'integrity_error' ? t.directory.uncheckedIntegrity : t.directory.uncheckedUnavailable)));
  }

  return { renderDirectoryResult, renderListsIntro, renderListsAtLoad };
}
