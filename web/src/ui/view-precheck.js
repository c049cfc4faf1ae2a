// SPDX-License-Identifier: MPL-2.0
// For those who do not know whether they are concerned, folded behind "Je ne sais pas si je suis concerné(e)",
// with no identifier at all: the catalog's own question (widget.precheck: e.g. the logo on a tiers-payant card,
// one "yes" per operator it names), and the data set's insurer table. Answers are "may be affected" at most,
// with the catalog's caveat (said once, with its source). A catalog without that question shows the table only.
import { h, uid } from './dom.js';
import { listJoin, loc, operatorNames, widgetTexts } from './text.js';
import { cite } from './view-sources.js';

function fold(text) {
  return String(text).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const MAX_PICKS = 12;

export function findInsurers(insurers, query) {
  const q = fold(query);
  if (!q) return [];
  const exact = insurers.filter((i) => fold(i.name) === q);
  if (exact.length) return exact;
  return insurers.filter((i) => fold(i.name).includes(q));
}

export function renderPrecheck({ t, lang, catalog, insurers }) {
  const advice = (id) => ((catalog && catalog.advice) || []).find((a) => a.id === id);
  const question = widgetTexts(catalog).precheck;
  const caveat = () => {
    const item = advice(question && question.caveat);
    return item ? h('p', { class: 'caveat' }, loc(item.text, lang), cite(item.sources, catalog, t, lang)) : null;
  };

  // (a) The catalog's question, when it has one.
  const logoAnswer = h('div', { class: 'answer', 'aria-live': 'polite' });
  let logo = null;
  if (question && question.question) {
    const logoName = uid('logo');
    const operators = question.operators || [];
    const names = operatorNames(operators, catalog);
    const logoChoices = [...operators.map((id, i) => [id, t.preChoiceYes(names[i])]), ['no', t.preChoiceNo],
      ['unknown', t.preChoiceUnknown]];
    const onLogo = (event) => {
      const value = event.target.value;
      logoAnswer.replaceChildren();
      if (operators.includes(value)) {
        const logoAdvice = advice(question.advice);
        logoAnswer.append(h('p', { class: 'maybe' }, loc(question.yes, lang),
          logoAdvice ? cite(logoAdvice.sources, catalog, t, lang) : null), caveat());
      } else {
        logoAnswer.append(h('p', {}, loc(value === 'no' ? question.no : question.unknown, lang)));
      }
    };
    logo = h('fieldset', { class: 'choices', part: 'fieldset' },
      h('legend', {}, loc(question.question, lang)),
      logoChoices.map(([value, label]) => {
        const id = uid('logo-opt');
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name: logoName, id, value, on: { change: onLogo } }),
          h('label', { for: id }, label));
      }));
  }

  // (b) The insurer table (names only; never linked to a record).
  const inputId = uid('insurer');
  const hintId = uid('insurer-hint');
  const listId = uid('insurer-list');
  const insurerAnswer = h('div', { class: 'answer', 'aria-live': 'polite' });
  const input = h('input', {
    id: inputId, type: 'text', list: listId, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': hintId, part: 'input', class: 'input wide',
  });
  const datalist = h('datalist', { id: listId }, insurers.map((i) => h('option', { value: i.name })));
  const showInsurer = (insurer) => {
    const ops = listJoin(operatorNames(insurer.operators || [], catalog), lang);
    insurerAnswer.replaceChildren(h('p', { class: 'maybe' }, t.preInsurerMatch(insurer.name, ops)), caveat());
  };
  const answer = () => {
    const matches = findInsurers(insurers, input.value);
    insurerAnswer.replaceChildren();
    if (!input.value.trim()) {
      insurerAnswer.append(h('p', {}, t.preInsurerEmpty));
    } else if (matches.length === 1) {
      showInsurer(matches[0]);
    } else if (matches.length > 1) {
      const shown = matches.slice(0, MAX_PICKS);
      insurerAnswer.append(h('p', {}, t.preInsurerSeveral(matches.length, shown.length)),
        h('ul', { class: 'pick' }, shown.map((m) => h('li', {},
          h('button', { type: 'button', class: 'link', on: { click: () => { input.value = m.name; showInsurer(m); } } },
            m.name)))));
    } else {
      insurerAnswer.append(h('p', {}, t.preInsurerNone), caveat());
    }
  };
  const form = h('form', { class: 'insurer', on: { submit: (e) => { e.preventDefault(); answer(); } } },
    h('label', { for: inputId }, t.preInsurerLabel),
    h('p', { id: hintId, class: 'hint' }, t.preInsurerHint(insurers.length)),
    h('div', { class: 'row' }, input, datalist,
      h('button', { type: 'submit', class: 'button secondary', part: 'button' }, t.preInsurerButton)),
    insurerAnswer);
  input.addEventListener('change', answer); // picking from the datalist

  return h('details', { class: 'step precheck', part: 'precheck' },
    h('summary', {}, t.preSummary), logo, logo ? logoAnswer : null, form);
}
