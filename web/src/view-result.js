// SPDX-License-Identifier: MPL-2.0
// Step 3: what a result means. Affected: what was exposed for this record and what was not, through which
// operator, what to do, all cited. Not found: what it does and does not mean. Errors: never a verdict.
// No insurer is ever shown here (design review item 1): the static list does not carry it.
import { h } from './dom.js';
import { loc, longDate, listJoin, operatorNames, waitText } from './text.js';
import { cite } from './view-sources.js';

const NOT_FOUND_ADVICE = ['individual_information', 'beware_solicitations', 'never_share_codes', 'report_phishing'];
const PRECHECK_ONLY = ['tiers_payant_card_logo', 'depends_on_contract'];

function categoryItems(ids, list, catalog, t, lang) {
  return ids.map((id) => {
    const category = (list || []).find((c) => c.id === id);
    if (!category) return null;
    const description = loc(category.description, lang);
    return h('li', { 'data-category': id },
      h('strong', {}, loc(category.label, lang)),
      cite(category.sources, catalog, t, lang),
      description ? h('span', { class: 'desc' }, ` — ${description}`) : null);
  });
}

function adviceList(catalog, t, lang, filter) {
  const items = ((catalog && catalog.advice) || []).filter(filter).map((a) =>
    h('li', {}, loc(a.text, lang), cite(a.sources, catalog, t, lang)));
  return items.length ? [h('h4', {}, t.adviceTitle), h('ul', { class: 'advice' }, items)] : [];
}

export function datasetLine(dataset, t, lang) {
  if (!dataset) return null;
  return h('p', { class: 'dataset', part: 'dataset' },
    `${t.publishedBy} `, h('strong', {}, dataset.publisher), `, ${t.listVersion(dataset.version, longDate(dataset.created, lang))}. `,
    dataset.keyFingerprint ? [`${t.signedWith} `, h('code', { class: 'fingerprint' }, dataset.keyFingerprint), '.'] : null);
}

function warningsOf(result, t) {
  return (result.warnings || []).map((code) => h('p', { class: 'warning', 'data-code': code }, t.warnings[code] || code));
}

function renderAffected(result, { t, lang, catalog }) {
  const operators = result.operators || [];
  return [
    h('h3', { class: 'verdict affected', tabindex: '-1' }, t.affectedTitle(result.dataset.publisher)),
    warningsOf(result, t),
    h('p', {}, t.affectedIntro),
    h('h4', {}, t.exposedTitle),
    h('ul', { class: 'categories exposed' }, categoryItems(result.exposed || [], catalog.categories, catalog, t, lang)),
    h('h4', {}, t.notExposedTitle),
    h('ul', { class: 'categories not-exposed' },
      categoryItems(result.notExposed || [], catalog.not_exposed_categories, catalog, t, lang)),
    operators.map((id) => {
      const op = (catalog.operators || []).find((o) => o.id === id);
      if (!op) return null;
      const note = loc(op.note, lang);
      return h('div', { class: 'operator', 'data-operator': id },
        h('h4', {}, t.viaOperator(op.name)),
        h('p', {}, note, cite(op.sources, catalog, t, lang)));
    }),
    adviceList(catalog, t, lang, (a) => !PRECHECK_ONLY.includes(a.id)),
    h('h4', {}, t.noInsurerTitle),
    h('p', {}, t.noInsurerText),
  ];
}

function renderNotFound(result, { t, lang, catalog }) {
  const ds = result.dataset;
  const ops = listJoin(operatorNames(((catalog && catalog.operators) || []).map((o) => o.id), catalog), lang);
  return [
    h('h3', { class: 'verdict not-found', tabindex: '-1' }, t.notFoundTitle(ds.publisher)),
    h('p', { class: 'list-date' }, t.notFoundList(ds.version, longDate(ds.created, lang)), ops ? ` ${t.notFoundOperators(ops)}` : ''),
    warningsOf(result, t),
    h('p', {}, h('strong', {}, t.notFoundMeans)),
    h('p', {}, h('strong', {}, t.notFoundNotMeans)),
    h('ul', {}, t.notFoundReasons.map((r) => h('li', {}, r))),
    adviceList(catalog, t, lang, (a) => NOT_FOUND_ADVICE.includes(a.id)),
  ];
}

function problemText(result, code, t, atLoad) {
  if (result.status === 'integrity_error') return t.integrityText;
  if (code === 'oprf_rate_limited') return t.rateLimitedText(waitText(result.retryAfter, t));
  if (code && Object.hasOwn(t.oprfProblems, code)) return t.oprfProblems[code];
  return atLoad ? t.loadUnavailableText : t.unavailableText;
}

function renderProblem(result, { t, onRetry, atLoad }) {
  const integrity = result.status === 'integrity_error';
  const code = (result.errors || [])[0];
  return [
    h('h3', { class: `verdict ${integrity ? 'integrity' : 'unavailable'}`, tabindex: '-1' },
      integrity ? t.integrityTitle : t.unavailableTitle),
    h('p', { class: 'explain', 'data-code': code || null }, problemText(result, code, t, atLoad)),
    code ? h('p', { class: 'code' }, t.errorCode(code)) : null,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button primary retry', part: 'button retry',
      on: { click: onRetry } }, t.retry)),
  ];
}

/** Returns the result section for a check (or load) result; `ctx` carries strings, catalog and callbacks. */
export function renderResult(result, ctx) {
  const { t, lang, onAgain } = ctx;
  let body;
  if (result.status === 'affected') body = renderAffected(result, ctx);
  else if (result.status === 'not_found') body = renderNotFound(result, ctx);
  else body = renderProblem(result, ctx);
  const done = result.status === 'affected' || result.status === 'not_found';
  return h('section', { class: `result ${result.status.replace('_', '-')}`, part: `result result-${result.status}`,
    'data-status': result.status, 'aria-label': t.resultRegion },
  body,
  done ? [datasetLine(result.dataset, t, lang), h('p', { class: 'hint' }, t.wiped),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button secondary again', part: 'button',
      on: { click: onAgain } }, t.again))] : null);
}
