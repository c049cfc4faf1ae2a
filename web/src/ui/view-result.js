// SPDX-License-Identifier: MPL-2.0
// What a result means, verdict first: a yes/no sentence with an icon and a colour, whom it is about (never the
// identifiers: "for you" or "for a beneficiary", month and year of birth, birth rank), where the list comes
// from, then what was exposed and the three things to do now; the rest folds under "Learn more".
// Errors are never a verdict: they say what went wrong and keep the advice in view.
// No insurer is ever shown here: the static list does not carry it (docs/THREAT-MODEL.md, asset A4).
import { h, icon, heading, uid } from './dom.js';
import { loc, longDate, listJoin, operatorNames, waitText, monthYear } from './text.js';
import { cite, sourceLinks } from './view-sources.js';
import { contactLine } from './view-publisher.js';

// The three priority actions, in this order (catalog advice ids); the rest goes under "Learn more".
export const PRIORITY_ADVICE = ['scam_calls', 'nir_is_permanent', 'if_bank_details_given'];
// The action whose sources are where to go (reporting services): their addresses are shown in full.
const WHERE_TO_REPORT = 'if_bank_details_given';
const PRECHECK_ONLY = ['tiers_payant_card_logo', 'depends_on_contract'];
const NOT_FOUND_MORE = ['individual_information', 'beware_third_party_sites'];

function advice(catalog) {
  return (catalog && catalog.advice) || [];
}

// Sources that belong to an operator the record does not involve are left out: an Almérys record never quotes
// Viamedis notices (and vice versa). CNIL and general sources stay.
function sourcesFor(ids, operators, catalog) {
  const ownedBy = new Map();
  for (const op of (catalog && catalog.operators) || []) {
    for (const id of op.sources || []) ownedBy.set(id, [...(ownedBy.get(id) || []), op.id]);
  }
  if (!operators || operators.length === 0) return ids;
  return (ids || []).filter((id) => !ownedBy.has(id) || ownedBy.get(id).some((op) => operators.includes(op)));
}

function categoryItems(ids, list, ctx, operators) {
  const { catalog, t, lang } = ctx;
  return ids.map((id) => {
    const category = (list || []).find((c) => c.id === id);
    if (!category) return null;
    const description = loc(category.description, lang);
    return h('li', { 'data-category': id },
      h('strong', {}, loc(category.label, lang)),
      description ? h('span', { class: 'desc' }, ` — ${description}`) : null,
      cite(sourcesFor(category.sources, operators, catalog), catalog, t, lang));
  });
}

/** The three numbered actions, with their sources and their links (e.g. where to report). */
export function priorityActions(ctx, level) {
  const { catalog, t, lang } = ctx;
  const all = advice(catalog);
  let items = PRIORITY_ADVICE.map((id) => all.find((a) => a.id === id)).filter(Boolean);
  if (items.length === 0) items = all.filter((a) => !PRECHECK_ONLY.includes(a.id)).slice(0, 3);
  if (items.length === 0) return null;
  return h('div', { class: 'priority-block' },
    heading(level, { class: 'actions-title' }, t.actionsTitle),
    h('ol', { class: 'priority', part: 'actions' }, items.map((a) => h('li', { 'data-advice': a.id },
      loc(a.text, lang), cite(a.sources, catalog, t, lang),
      a.id === WHERE_TO_REPORT ? sourceLinks(a.sources, catalog, t) : null))));
}

function fallbackActions(t, level) {
  return h('div', { class: 'priority-block' },
    heading(level, { class: 'actions-title' }, t.fallbackAdviceTitle),
    h('ol', { class: 'priority', part: 'actions' }, t.fallbackAdvice.map((text) => h('li', {}, text))));
}

function adviceList(ctx, filter, level) {
  const { catalog, t, lang } = ctx;
  const items = advice(catalog).filter(filter).map((a) => h('li', {}, loc(a.text, lang), cite(a.sources, catalog, t, lang)));
  return items.length ? [heading(level, {}, t.moreAdviceTitle), h('ul', { class: 'advice' }, items)] : [];
}

function warningsOf(result, t) {
  return (result.warnings || []).map((code) => h('p', { class: 'warning', 'data-code': code }, t.warnings[code] || code));
}

/** "Pour vous · né(e) en mai 1985 · rang de naissance 2": whom the verdict is about, without identifiers. */
export function whoLine(who, t, lang) {
  if (!who) return null;
  const bits = [who.beneficiary ? t.whoBeneficiaryLine : t.whoSelfLine];
  const born = who.year && who.month ? monthYear(who.year, who.month, lang) : '';
  if (born) bits.push(t.bornIn(born));
  if (who.rank) bits.push(t.rankLine(who.rank));
  return h('p', { class: 'who', part: 'who' }, bits.join(' · '));
}

function provenance(dataset, t, lang) {
  if (!dataset) return null;
  return h('p', { class: 'provenance', part: 'dataset' },
    t.provenance(dataset.publisher, dataset.version, longDate(dataset.created, lang)),
    dataset.keyFingerprint ? [' ', t.signingKey, ' ', h('code', { class: 'fingerprint' }, dataset.keyFingerprint), '.'] : null);
}

// CNIL's first assessment date: the earliest dated CNIL source behind the not-exposed list.
function assessmentDate(ids, catalog, lang) {
  const sources = ((catalog && catalog.sources) || []).filter((s) => ids.includes(s.id) && s.publisher === 'CNIL' && s.date);
  sources.sort((a, b) => a.date.localeCompare(b.date));
  return sources.length ? longDate(sources[0].date, lang) : '';
}

function verdictHead(kind, level, className, title) {
  const id = uid('verdict');
  return { id, element: h('div', { class: `verdict-head ${className}` }, icon(kind),
    heading(level, { class: `verdict ${className}`, id, tabindex: '-1' }, title)) };
}

function renderAffected(result, who, ctx, level) {
  const { t, lang, catalog } = ctx;
  const operators = result.operators || [];
  const notExposed = result.notExposed || [];
  const notExposedSources = notExposed.flatMap((id) =>
    ((catalog.not_exposed_categories || []).find((c) => c.id === id) || { sources: [] }).sources);
  const head = verdictHead('alert', level, 'affected', t.affectedTitle(Boolean(who && who.beneficiary)));
  return { head, lead: [whoLine(who, t, lang)], body: [
    provenance(result.dataset, t, lang),
    warningsOf(result, t),
    heading(level + 1, {}, t.exposedTitle),
    h('ul', { class: 'categories exposed' }, categoryItems(result.exposed || [], catalog.categories, ctx, operators)),
    priorityActions(ctx, level + 1),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    h('details', { class: 'more', part: 'more' }, h('summary', {}, t.learnMore),
      heading(level + 1, {}, t.notExposedTitle),
      h('p', {}, t.notExposedIntro(assessmentDate(notExposedSources, catalog, lang))),
      h('ul', { class: 'categories not-exposed' },
        categoryItems(notExposed, catalog.not_exposed_categories, ctx, operators)),
      operators.map((id) => {
        const op = (catalog.operators || []).find((o) => o.id === id);
        if (!op) return null;
        return h('div', { class: 'operator', 'data-operator': id },
          heading(level + 2, {}, t.viaOperator(op.name)),
          h('p', {}, loc(op.note, lang), cite(op.sources, catalog, t, lang)));
      }),
      adviceList(ctx, (a) => !PRECHECK_ONLY.includes(a.id) && !PRIORITY_ADVICE.includes(a.id), level + 1),
      heading(level + 1, {}, t.noInsurerTitle),
      h('p', {}, t.noInsurerText)),
  ] };
}

function renderNotFound(result, who, ctx, level) {
  const { t, lang, catalog } = ctx;
  const ds = result.dataset;
  const ops = listJoin(operatorNames(((catalog && catalog.operators) || []).map((o) => o.id), catalog), lang);
  const head = verdictHead('info', level, 'not-found', t.notFoundTitle(Boolean(who && who.beneficiary), ds.publisher));
  return { head, lead: [
    h('p', { class: 'no-guarantee' }, h('strong', {}, t.notFoundNoGuarantee(longDate(ds.created, lang)))),
    whoLine(who, t, lang),
  ], body: [
    provenance(ds, t, lang),
    warningsOf(result, t),
    priorityActions(ctx, level + 1),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    h('details', { class: 'more', part: 'more' }, h('summary', {}, t.learnMore),
      h('p', {}, h('strong', {}, t.notFoundMeans)),
      h('p', {}, h('strong', {}, t.notFoundNotMeans)),
      h('ul', {}, t.notFoundReasons.map((r) => h('li', {}, r))),
      ops ? h('p', { class: 'list-operators' }, t.notFoundOperators(ops)) : null,
      adviceList(ctx, (a) => NOT_FOUND_MORE.includes(a.id), level + 1)),
  ] };
}

export function problemText(result, code, t, atLoad) {
  if (result.status === 'integrity_error') return t.integrityText;
  // The hardened-mode texts are in the table once a hardened data set is open (the only one with oprf codes).
  if (code === 'oprf_rate_limited' && t.rateLimitedText) return t.rateLimitedText(waitText(result.retryAfter, t));
  if (code && t.oprfProblems && Object.hasOwn(t.oprfProblems, code)) return t.oprfProblems[code];
  return atLoad ? t.loadUnavailableText : t.unavailableText;
}

function renderProblem(result, ctx, level) {
  const { t, onRetry, atLoad, catalog } = ctx;
  const integrity = result.status === 'integrity_error';
  const code = (result.errors || [])[0];
  const title = integrity ? t.integrityTitle : atLoad ? t.loadUnavailableTitle : t.unavailableTitle;
  const head = verdictHead('warning', level, integrity ? 'integrity' : 'unavailable', title);
  return { head, lead: [], body: [
    h('p', { class: 'explain', 'data-code': code || null }, problemText(result, code, t, atLoad)),
    code ? h('p', { class: 'code' }, t.errorCode(code)) : null,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button primary retry', part: 'button retry',
      on: { click: onRetry } }, t.retry)),
    contactLine(ctx.contact, t),
    ctx.helpSlot ? h('slot', { name: 'help' }) : null,
    // The advice protects whatever the outcome: in view even when nothing could be checked.
    catalog ? priorityActions(ctx, level + 1) : fallbackActions(t, level + 1),
  ] };
}

/**
 * The result section for a check (or load) result. `ctx`: t, lang, catalog, level (the verdict heading's
 * level), who (for verdicts), helpSlot, contact, onRetry, atLoad, compact (an earlier verdict of the family
 * list: the sentence and whom it is about stay in view, the rest folds).
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
  return h('section', { class: `result ${result.status.replace('_', '-')}`, part: `result result-${result.status}`,
    'data-status': result.status, 'aria-labelledby': parts.head.id },
  parts.head.element, parts.lead, body);
}
