// SPDX-License-Identifier: MPL-2.0
// What a result means, verdict first: a yes/no sentence with an icon and a colour, one reassurance line in view
// (cited), whom it is about (never the identifiers: "for you" or "for someone on your contract", month and year
// of birth, twins' birth order), then at once the things to do now (one short imperative each, the detail and
// its sources folded under it), what was exposed on one line, where the list comes from; the rest folds under
// "Learn more". Each section names its sources once, on one "Sources" line.
// Errors are never a verdict: they say what went wrong and keep the advice in view.
// No insurer is ever shown here: the static list does not carry it (docs/THREAT-MODEL.md, asset A4).
import { h, icon, heading, uid } from './dom.js';
import { loc, longDate, listJoin, operatorNames, waitText, monthYear, withFrenchName, widgetTexts } from './text.js';
import { sourcesLine } from './view-sources.js';
import { contactLine } from './view-publisher.js';

// Which advice comes first, which only the pre-check cites, what "not found" lists, what the reassurance line
// names and whose assessment it is: all from the catalog's widget section (docs/CATALOG.md), never from here.
// priority_advice: the actions in view right after a verdict, in the catalog's order (a catalog without it
// gives its first four advice items). hidden_advice: cited by the pre-check only. not_found_advice: listed under
// "not found". reassuring: not-exposed categories named under "affected". insurers_inform_advice: whose sources
// back "trust your insurer's letter".
function advice(catalog) {
  return (catalog && catalog.advice) || [];
}

function priorityIds(catalog) {
  return widgetTexts(catalog).priority_advice || [];
}

function hiddenIds(catalog) {
  return widgetTexts(catalog).hidden_advice || [];
}

// Sources that belong to an operator the record does not involve are left out: a record of one operator never
// quotes another operator's notices. The authorities' and general sources stay.
function sourcesFor(ids, operators, catalog) {
  const ownedBy = new Map();
  for (const op of (catalog && catalog.operators) || []) {
    for (const id of op.sources || []) ownedBy.set(id, [...(ownedBy.get(id) || []), op.id]);
  }
  if (!operators || operators.length === 0) return ids || [];
  return (ids || []).filter((id) => !ownedBy.has(id) || ownedBy.get(id).some((op) => operators.includes(op)));
}

function categoriesOf(ids, list) {
  return ids.map((id) => (list || []).find((c) => c.id === id)).filter(Boolean);
}

// "état civil", "date of birth", "a file number": a label inside a sentence (the first letter lowered when it
// starts a word, a one-letter one included; acronyms such as "NIR" kept).
export function inSentence(label) {
  return /^\p{Lu}(\p{Ll}|\s)/u.test(label) ? label[0].toLocaleLowerCase() + label.slice(1) : label;
}

/** What was exposed, on one line (as breach checkers list "Compromised data"), each item tagged with its id. */
export function exposedLine(ids, ctx) {
  const { catalog, t, lang } = ctx;
  const items = [];
  categoriesOf(ids, catalog.categories).forEach((category, i) => {
    if (i) items.push(', ');
    const label = loc(category.label, lang);
    items.push(h('span', { 'data-category': category.id }, i ? inSentence(label) : label));
  });
  return h('p', { class: 'categories exposed', part: 'exposed' }, h('strong', {}, t.exposedLine), ' ', items, '.');
}

function categoryItems(ids, list, ctx) {
  const { lang } = ctx;
  return categoriesOf(ids, list).map((category) => {
    const description = loc(category.description, lang);
    return h('li', { 'data-category': category.id }, h('strong', {}, loc(category.label, lang)),
      description ? h('span', { class: 'desc' }, ` — ${description}`) : null);
  });
}

/** The priority actions: each a short imperative; its detail and sources fold under it (one Tab stop each). */
export function priorityActions(ctx, level) {
  const { catalog, t, lang } = ctx;
  const all = advice(catalog);
  let items = priorityIds(catalog).map((id) => all.find((a) => a.id === id)).filter(Boolean);
  if (items.length === 0) items = all.filter((a) => !hiddenIds(catalog).includes(a.id)).slice(0, 4);
  if (items.length === 0) return null;
  return h('div', { class: 'priority-block', part: 'actions' },
    heading(level, { class: 'actions-title' }, t.actionsTitle),
    h('ol', { class: 'priority' }, items.map((a) => {
      const detail = loc(a.detail, lang);
      const sources = sourcesLine(a.sources, catalog, t, lang);
      if (!detail && !sources) return h('li', { 'data-advice': a.id }, loc(a.text, lang));
      return h('li', { 'data-advice': a.id }, h('details', { class: 'action' },
        h('summary', {}, loc(a.text, lang)), detail ? h('p', {}, detail) : null, sources));
    })));
}

// When no priority advice can be shown: the catalog's own fallback advice when a list is open, else the
// neutral advice of the strings (no list, so nothing signed to quote).
function fallbackActions(ctx, level) {
  const { t, lang, catalog } = ctx;
  const signed = (widgetTexts(catalog).fallback_advice || []).map((text) => loc(text, lang));
  return h('div', { class: 'priority-block', part: 'actions' },
    heading(level, { class: 'actions-title' }, t.fallbackAdviceTitle),
    h('ol', { class: 'priority' }, (signed.length ? signed : t.fallbackAdvice).map((text) => h('li', {}, text))),
    signed.length ? sourcesLine(widgetTexts(catalog).sources, catalog, t, lang) : null);
}

function adviceList(ctx, filter, level) {
  const { catalog, t, lang } = ctx;
  const chosen = advice(catalog).filter(filter);
  if (chosen.length === 0) return null;
  return h('div', { class: 'more-advice' }, heading(level, {}, t.moreAdviceTitle),
    h('ul', { class: 'advice' }, chosen.map((a) => h('li', {}, loc(a.text, lang),
      loc(a.detail, lang) ? ` ${loc(a.detail, lang)}` : ''))),
    sourcesLine(chosen.flatMap((a) => a.sources), catalog, t, lang));
}

function warningsOf(result, t) {
  return (result.warnings || []).map((code) => h('p', { class: 'warning', 'data-code': code }, t.warnings[code] || code));
}

/** "Pour vous · né(e) en mai 1985 · jumeaux, ordre de naissance 2": whom the verdict is about, no identifier. */
export function whoLine(who, t, lang) {
  if (!who) return null;
  const bits = [who.beneficiary ? t.whoBeneficiaryLine : t.whoSelfLine];
  const born = who.year && who.month ? monthYear(who.year, who.month, lang) : '';
  if (born) bits.push(t.bornIn(born));
  if (who.rank) bits.push(t.rankLine(who.rank));
  return h('p', { class: 'who', part: 'who', id: uid('who') }, bits.join(' · '));
}

export function provenance(dataset, t, lang) {
  if (!dataset) return null;
  return h('p', { class: 'provenance', part: 'dataset' },
    withFrenchName(t.provenance(dataset.publisher, dataset.version, longDate(dataset.created, lang)), dataset.publisher, lang, h));
}

// The earliest dated source among these from the authority the catalog names (widget.assessment_publisher):
// whose assessment the not-exposed list rests on, and when.
function assessmentDate(ids, catalog, lang) {
  const authority = widgetTexts(catalog).assessment_publisher;
  if (!authority) return '';
  const sources = ((catalog && catalog.sources) || []).filter((s) => ids.includes(s.id) && s.publisher === authority && s.date);
  sources.sort((a, b) => a.date.localeCompare(b.date));
  return sources.length ? longDate(sources[0].date, lang) : '';
}

function sourcesOfCategories(ids, list) {
  return categoriesOf(ids, list).flatMap((c) => c.sources || []);
}

export function verdictHead(kind, level, className, title, person) {
  const id = uid('verdict');
  const personId = person ? uid('person') : null;
  return { id, personId, element: h('div', { class: `verdict-head ${className}` }, icon(kind),
    h('div', { class: 'verdict-text' },
      person ? h('p', { class: 'person', id: personId }, person) : null,
      heading(level, { class: `verdict ${className}`, id, tabindex: '-1' }, title))) };
}

export function personLabel(ctx) {
  return ctx.person && ctx.person.total > 1 ? ctx.t.personLabel(ctx.person.index, ctx.person.total) : '';
}

function renderAffected(result, who, ctx, level) {
  const { t, lang, catalog } = ctx;
  const operators = result.operators || [];
  const notExposed = result.notExposed || [];
  const reassuring = (widgetTexts(catalog).reassuring || []).filter((id) => notExposed.includes(id));
  const by = loc(widgetTexts(catalog).assessment_by, lang);
  const reassuringSources = sourcesFor(sourcesOfCategories(reassuring, catalog.not_exposed_categories), operators, catalog);
  const exposed = result.exposed || [];
  const head = verdictHead('alert', level, 'affected', t.affectedTitle(Boolean(who && who.beneficiary)), personLabel(ctx));
  const labels = categoriesOf(reassuring, catalog.not_exposed_categories).map((c) => inSentence(loc(c.label, lang)));
  return { head, lead: [
    labels.length ? h('p', { class: 'reassure', part: 'reassure' },
      t.reassureAffected(listJoin(labels, lang), by, assessmentDate(reassuringSources, catalog, lang))) : null,
    whoLine(who, t, lang),
  ], body: [
    priorityActions(ctx, level + 1),
    exposedLine(exposed, ctx),
    // One Sources line for the verdict section (the reassurance and what was exposed), named without links:
    // the links are in each action's detail and in the list closing the widget (few Tab stops to the next step).
    sourcesLine([...reassuringSources, ...sourcesFor(sourcesOfCategories(exposed, catalog.categories), operators, catalog)],
      catalog, t, lang, { links: false }),
    provenance(result.dataset, t, lang),
    warningsOf(result, t),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    h('details', { class: 'more', part: 'more' }, h('summary', {}, t.learnMore),
      heading(level + 1, {}, t.exposedTitle),
      h('ul', { class: 'categories exposed-detail' }, categoryItems(exposed, catalog.categories, ctx)),
      heading(level + 1, {}, t.notExposedTitle),
      h('p', {}, t.notExposedIntro(by, assessmentDate(sourcesOfCategories(notExposed, catalog.not_exposed_categories), catalog, lang))),
      h('ul', { class: 'categories not-exposed' }, categoryItems(notExposed, catalog.not_exposed_categories, ctx)),
      operators.map((id) => {
        const op = (catalog.operators || []).find((o) => o.id === id);
        if (!op) return null;
        return h('div', { class: 'operator', 'data-operator': id },
          heading(level + 2, {}, t.viaOperator(op.name)), h('p', {}, loc(op.note, lang)));
      }),
      sourcesLine(sourcesFor([
        ...sourcesOfCategories(exposed, catalog.categories),
        ...sourcesOfCategories(notExposed, catalog.not_exposed_categories),
        ...operators.flatMap((id) => ((catalog.operators || []).find((o) => o.id === id) || {}).sources || []),
      ], operators, catalog), catalog, t, lang),
      adviceList(ctx, (a) => !hiddenIds(catalog).includes(a.id) && !priorityIds(catalog).includes(a.id), level + 1),
      heading(level + 1, {}, t.noInsurerTitle),
      h('p', {}, t.noInsurerText)),
  ] };
}

function renderNotFound(result, who, ctx, level) {
  const { t, lang, catalog } = ctx;
  const ds = result.dataset;
  const ops = listJoin(operatorNames(((catalog && catalog.operators) || []).map((o) => o.id), catalog), lang);
  const widget = widgetTexts(catalog);
  const informs = advice(catalog).find((a) => a.id === widget.insurers_inform_advice);
  const reasons = (widget.not_found_reasons || []).map((reason) => loc(reason, lang));
  const head = verdictHead('info', level, 'not-found',
    withFrenchName(t.notFoundTitle(Boolean(who && who.beneficiary), ds.publisher), ds.publisher, lang, h), personLabel(ctx));
  return { head, lead: [
    h('p', { class: 'no-guarantee' }, h('strong', {}, t.notFoundNoGuarantee(longDate(ds.created, lang)))),
    h('p', { class: 'reassure', part: 'reassure' }, t.reassureNotFound),
    informs ? sourcesLine(informs.sources, catalog, t, lang, { links: false }) : null,
    whoLine(who, t, lang),
  ], body: [
    priorityActions(ctx, level + 1),
    provenance(ds, t, lang),
    warningsOf(result, t),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    h('details', { class: 'more', part: 'more' }, h('summary', {}, t.learnMore),
      h('p', {}, h('strong', {}, t.notFoundMeans)),
      h('p', {}, h('strong', {}, t.notFoundNotMeans)),
      reasons.length ? h('ul', {}, reasons.map((r) => h('li', {}, r))) : null,
      ops ? h('p', { class: 'list-operators' }, t.notFoundOperators(ops)) : null,
      adviceList(ctx, (a) => (widget.not_found_advice || []).includes(a.id), level + 1)),
  ] };
}

export function problemText(result, code, t, atLoad) {
  if (result.status === 'integrity_error') return t.integrityText;
  // The hardened-mode texts are in the table once a hardened data set is open (the only one with oprf codes).
  if (code === 'oprf_rate_limited' && t.rateLimitedText) return t.rateLimitedText(waitText(result.retryAfter, t));
  if (code && t.oprfProblems && Object.hasOwn(t.oprfProblems, code)) return t.oprfProblems[code];
  return atLoad ? t.loadUnavailableText : t.unavailableText;
}

// The code is for whoever answers the publisher's contact: shown beside it, never in the text people read
// first. Without a contact it stays folded, for a technician.
function supportCode(code, contact, t) {
  if (!code) return contactLine(contact, t);
  const codeText = h('span', { class: 'code' }, t.errorCode(code));
  const line = contactLine(contact, t, codeText);
  return line || h('details', { class: 'support' }, h('summary', {}, t.supportTitle), h('p', {}, codeText));
}

function renderProblem(result, ctx, level) {
  const { t, onRetry, atLoad, catalog } = ctx;
  const integrity = result.status === 'integrity_error';
  const code = (result.errors || [])[0];
  const title = integrity ? t.integrityTitle : atLoad ? t.loadUnavailableTitle : t.unavailableTitle;
  const head = verdictHead('warning', level, integrity ? 'integrity' : 'unavailable', title);
  return { head, lead: [], body: [
    h('p', { class: 'explain', 'data-code': code || null }, problemText(result, code, t, atLoad)),
    // "Try again" reuses what is in memory (nothing is typed again); a list that fails its checks keeps it too,
    // but its text says first that the page may not be genuine.
    h('div', { class: 'actions' }, h('button', { type: 'button', class: `button ${integrity ? 'secondary' : 'primary'} retry`,
      part: 'button retry', on: { click: onRetry } }, t.retry)),
    supportCode(code, ctx.contact, t),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    // The advice protects whatever the outcome: in view even when nothing could be checked.
    (catalog && priorityActions(ctx, level + 1)) || fallbackActions(ctx, level + 1),
  ] };
}

/**
 * The result section for a check (or load) result. `ctx`: t, lang, catalog, level (the verdict heading's
 * level), who (for verdicts), helpSlot, contact, onRetry, atLoad, compact (an earlier verdict of the family
 * list: the sentence and whom it is about stay in view, the rest folds), person ({index, total}: the family
 * list numbers each person, so every verdict has its own name).
 */
export function renderResult(result, ctx) {
  const level = ctx.level || 3;
  let parts;
  if (result.status === 'affected') parts = renderAffected(result, ctx.who, ctx, level);
  else if (result.status === 'not_found') parts = renderNotFound(result, ctx.who, ctx, level);
  else parts = renderProblem(result, ctx, level);
  const body = ctx.compact
    ? h('details', { class: 'earlier' }, h('summary', {}, ctx.t.resultDetails), parts.body)
    : parts.body;
  // The section is named by its verdict, and in a family list also by its person number and whom it is about:
  // several people with the same verdict still make distinct regions.
  const whoEl = parts.lead.find((el) => el && el.classList && el.classList.contains('who'));
  const labelledBy = [parts.head.personId, parts.head.id, parts.head.personId && whoEl ? whoEl.id : null].filter(Boolean);
  return h('section', { class: `result ${result.status.replace('_', '-')}`, part: `result result-${result.status}`,
    'data-status': result.status, 'aria-labelledby': labelledBy.join(' ') },
  parts.head.element, parts.lead, body);
}
