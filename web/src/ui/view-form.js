// SPDX-License-Identifier: MPL-2.0
// The check form, first thing on the page. Owns the fields, their formatting, the field-level errors (each tied
// to its field with aria-describedby / aria-invalid, summarised at the top), the busy indicator, and the
// "same card" mode of the family flow (the card's number is not asked again; the element holds it).
import { h, heading, uid } from './dom.js';
import { reformatWithCaret, nirSignificant } from './nir-format.js';
import { monthYear } from './text.js';

const FIELD_OF = (code) => (code.startsWith('nir_') ? 'nir' : code.startsWith('dob_') ? 'dob' : 'rank');

function pad2(text) {
  return /^\d$/.test(text) ? `0${text}` : text;
}

/** Day, month, year fields -> "YYYY-MM-DD" (or what was typed, so the engine can name the problem). */
export function composeDate(day, month, year) {
  const [d, m, y] = [day, month, year].map((v) => String(v).trim());
  if (!d && !m && !y) return '';
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * True when `birthDate` (YYYY-MM-DD) is a real date after the incident (YYYY-MM-DD) and not after today: such a
 * person cannot be in the leak. Future dates are left to the engine (dob_future), malformed ones too.
 */
export function bornAfterIncident(birthDate, incidentDate, today = new Date()) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate || '') || !/^\d{4}-\d{2}-\d{2}$/.test(incidentDate || '')) return false;
  const [y, m, d] = birthDate.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const todayIso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return birthDate > incidentDate && birthDate <= todayIso;
}

/**
 * The month and year of birth a NIR encodes, for the mismatch message: the century is the one that puts the
 * year closest to the typed one without passing this year. Months outside 1-12 (incomplete records): year only.
 */
export function nirBirth(nir, typedYear, lang, thisYear = new Date().getFullYear()) {
  const digits = nirSignificant(nir || '').toUpperCase();
  if (!/^[1-478]\d{4}/.test(digits)) return '';
  const yy = Number(digits.slice(1, 3));
  const month = Number(digits.slice(3, 5));
  const candidates = [1900 + yy, 2000 + yy].filter((y) => y <= thisYear);
  if (candidates.length === 0) return '';
  const target = Number(typedYear) || thisYear;
  const year = candidates.reduce((best, y) => (Math.abs(y - target) < Math.abs(best - target) ? y : best));
  return month >= 1 && month <= 12 ? monthYear(year, month, lang) : String(year);
}

export class CheckForm {
  /**
   * `inSteps`: only the fields are built now, the rest (and the form around them) by finish(), which the element
   * calls in a later task: the whole build in one task ran over 50 ms with the CPU throttled 4x the first time
   * (docs/PERFORMANCE.md, "Main thread").
   */
  constructor({ t, lang, level = 3, incidentDate, onSubmit, onChangeCard, inSteps = false }) {
    this.t = t;
    this.level = level; // the error summary's heading level (one below the widget's title)
    this.lang = lang;
    this.incidentDate = incidentDate || '';
    this.onSubmit = onSubmit;
    this.onChangeCard = onChangeCard;
    this.busy = false;
    this.sameCard = false;
    this.buildFields();
    if (!inSteps) this.finish();
  }

  /** Builds what a form made with `inSteps` still lacks; returns the form. */
  finish() {
    if (!this.element) this.buildForm();
    return this;
  }

  field(name, labelText, hintText, input) {
    const hintId = uid(`${name}-hint`);
    const errorId = uid(`${name}-error`);
    const label = h('label', { for: input.id }, labelText);
    const hint = h('p', { id: hintId, class: 'hint' }, hintText);
    const error = h('p', { id: errorId, class: 'field-error', part: 'field-error', hidden: true });
    input.setAttribute('aria-describedby', hintId);
    return { wrap: h('div', { class: 'field', part: 'field' }, label, hint, error, input), label, hint, error, hintId, errorId };
  }

  // The person's choice (self or someone on the contract), the number and the date of birth.
  buildFields() {
    const t = this.t;
    const whoName = uid('who');
    const selfId = uid('who-self');
    const benId = uid('who-ben');
    this.selfRadio = h('input', { type: 'radio', name: whoName, id: selfId, value: 'self', checked: true });
    this.benRadio = h('input', { type: 'radio', name: whoName, id: benId, value: 'beneficiary' });
    for (const radio of [this.selfRadio, this.benRadio]) radio.addEventListener('change', () => this.updateLabels());
    this.whoFieldset = h('fieldset', { class: 'choices', part: 'fieldset' }, h('legend', {}, t.whoLegend),
      h('div', { class: 'choice' }, this.selfRadio, h('label', { for: selfId }, t.whoSelf)),
      h('div', { class: 'choice' }, this.benRadio, h('label', { for: benId }, t.whoBeneficiary)));

    // NIR: digits on phone keyboards; letters only for Corsica (2A/2B), which the hint explains.
    this.nir = h('input', {
      id: uid('nir'), type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
      autocapitalize: 'characters', maxlength: '40', class: 'input nir', part: 'input',
    });
    this.nir.addEventListener('input', () => {
      const { value, caret } = reformatWithCaret(this.nir.value, this.nir.selectionStart ?? this.nir.value.length);
      if (value !== this.nir.value) {
        this.nir.value = value;
        this.nir.setSelectionRange(caret, caret);
      }
    });
    this.nirField = this.field('nir', t.nirLabel, `${t.nirHint} ${t.nirCorsica}`, this.nir);

    // Date of birth as three boxes (the pattern that works best for a date one knows by heart).
    const part = (name, label, size) => {
      const id = uid(`dob-${name}`);
      const input = h('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off',
        maxlength: String(size + 2), class: `input dob-${name}`, part: 'input' });
      return { input, wrap: h('div', { class: 'dob-part' }, h('label', { for: id }, label), input) };
    };
    const day = part('day', t.dobDay, 2);
    const month = part('month', t.dobMonth, 2);
    const year = part('year', t.dobYear, 4);
    this.dobInputs = [day.input, month.input, year.input];
    const dobHintId = uid('dob-hint');
    const dobErrorId = uid('dob-error');
    this.dobLegend = h('legend', {}, t.dobLegend);
    this.dobError = h('p', { id: dobErrorId, class: 'field-error', part: 'field-error', hidden: true });
    // A quick fix never submits: a typo in the month would otherwise turn into a false "not found" in one tap.
    // It switches to the beneficiary mode (the labels follow) and puts the person on the field to check.
    this.beneficiaryFix = h('button', { type: 'button', class: 'button secondary beneficiary-fix', hidden: true,
      on: { click: () => this.switchToBeneficiary() } }, t.checkAsBeneficiary);
    for (const input of this.dobInputs) input.setAttribute('aria-describedby', dobHintId);
    this.dobField = { wrap: h('fieldset', { class: 'field dob', part: 'field' }, this.dobLegend,
      h('p', { id: dobHintId, class: 'hint' }, t.dobHint), this.dobError, this.beneficiaryFix,
      h('div', { class: 'row' }, day.wrap, month.wrap, year.wrap)), error: this.dobError, hintId: dobHintId, errorId: dobErrorId };
  }

  // The birth order, the error summary, the notes, the button and the form around the fields.
  buildForm() {
    const t = this.t;
    this.rank = h('input', { id: uid('rank'), type: 'text', inputmode: 'numeric', autocomplete: 'off',
      maxlength: '3', class: 'input rank', part: 'input' });
    this.rankField = this.field('rank', t.rankLabel, t.rankHint, this.rank);

    this.summary = h('div', { class: 'error-summary', part: 'error-summary', tabindex: '-1', hidden: true });
    this.submitButton = h('button', { type: 'submit', class: 'button primary', part: 'button submit' }, t.submit);
    this.progress = h('div', { class: 'progress', role: 'status', part: 'progress' });

    // Shown after a quick fix switched to the beneficiary mode: what each field now means, read with the
    // number field (aria-describedby) when the fix puts the focus there.
    this.modeNote = h('p', { id: uid('mode-note'), class: 'mode-note', part: 'notice', hidden: true }, t.beneficiaryModeNote);

    // Family flow: the card's number was typed for a previous check; it is not shown, only this note.
    this.sameCardNote = h('div', { class: 'same-card', hidden: true },
      h('p', {}, t.sameCard),
      h('button', { type: 'button', class: 'button link change-card', on: { click: () => this.onChangeCard() } }, t.changeCard));

    this.form = h('form', { class: 'check', novalidate: true, autocomplete: 'off',
      on: { submit: (e) => { e.preventDefault(); this.submit(); } } },
    this.summary, this.whoFieldset, this.modeNote, this.sameCardNote, this.nirField.wrap, this.dobField.wrap, this.rankField.wrap,
    h('div', { class: 'actions' }, this.submitButton), this.progress);
    this.element = h('section', { class: 'step form', part: 'form', 'aria-label': t.formLabel }, this.form);
  }

  /** Same card: the number field gives way to a note; `cardNir` supplies the number at submit time. */
  setSameCard(active, cardNir = null) {
    this.sameCard = active;
    this.cardNir = active ? cardNir : null;
    this.sameCardNote.hidden = !active;
    this.nirField.wrap.hidden = active;
    if (active) {
      this.nir.value = '';
      this.benRadio.checked = true;
      this.updateLabels();
    }
  }

  /** The mismatch's quick fix: beneficiary mode, new labels, the error gone, the focus where to check. */
  switchToBeneficiary() {
    this.benRadio.checked = true;
    this.updateLabels();
    this.clearErrors();
    this.modeNote.hidden = false;
    const target = this.sameCard ? this.dobInputs[0] : this.nir;
    this.describe(target, this.modeNote.id);
    target.focus();
  }

  /** Adds ID to what a screen reader reads with INPUT (after its own hint / error). */
  describe(input, id) {
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.includes(id)) input.setAttribute('aria-describedby', [...ids, id].join(' '));
  }

  updateLabels() {
    const ben = this.benRadio.checked;
    if (!ben && this.modeNote) this.modeNote.hidden = true;
    this.nirField.label.textContent = ben ? this.t.nirLabelBeneficiary : this.t.nirLabel;
    this.dobLegend.textContent = ben ? this.t.dobLegendBeneficiary : this.t.dobLegend;
  }

  values() {
    const [d, m, y] = this.dobInputs.map((i) => i.value);
    return {
      nir: this.sameCard && this.cardNir ? this.cardNir() : this.nir.value,
      birthDate: composeDate(d, m, y),
      birthRank: this.rank.value.trim(),
      beneficiary: this.benRadio.checked,
    };
  }

  submit() {
    if (this.busy) return;
    this.onSubmit(this.values());
  }

  setBusy(busy) {
    this.busy = busy;
    this.submitButton.setAttribute('aria-disabled', busy ? 'true' : 'false');
    this.form.setAttribute('aria-busy', busy ? 'true' : 'false');
    this.progress.replaceChildren();
    if (busy) {
      this.progress.append(h('progress', { 'aria-label': this.t.progressLabel }), h('span', {}, this.t.working));
    }
  }

  inputsOf(field) {
    return field === 'nir' ? [this.nir] : field === 'dob' ? this.dobInputs : [this.rank];
  }

  fieldOf(field) {
    return field === 'nir' ? this.nirField : field === 'dob' ? this.dobField : this.rankField;
  }

  clearErrors() {
    this.showErrorTitle(false);
    this.summary.hidden = true;
    this.summary.replaceChildren();
    this.beneficiaryFix.hidden = true;
    for (const name of ['nir', 'dob', 'rank']) {
      const f = this.fieldOf(name);
      f.error.hidden = true;
      f.error.textContent = '';
      for (const input of this.inputsOf(name)) {
        input.removeAttribute('aria-invalid');
        input.setAttribute('aria-describedby', f.hintId);
      }
    }
    if (this.modeNote && !this.modeNote.hidden) this.describe(this.sameCard ? this.dobInputs[0] : this.nir, this.modeNote.id);
  }

  /** Shows each error code next to its field and in a summary that takes focus (and so is announced). */
  showErrors(codes) {
    this.clearErrors();
    const byField = new Map();
    for (const code of codes) {
      const field = FIELD_OF(code);
      if (!byField.has(field)) byField.set(field, []);
      byField.get(field).push(code);
    }
    const links = [];
    for (const [name, fieldCodes] of byField) {
      const f = this.fieldOf(name);
      const messages = fieldCodes.map((code) => {
        const message = this.t.errors[code] || code;
        return typeof message === 'function' ? message(this.errorContext(code)) : message;
      });
      f.error.textContent = messages.join(' ');
      f.error.dataset.codes = fieldCodes.join(' ');
      f.error.hidden = false;
      const inputs = this.inputsOf(name);
      for (const input of inputs) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${f.errorId} ${f.hintId}`);
      }
      // The summary's links are short (what and where); the whole explanation is at the field (GOV.UK, DSFR).
      fieldCodes.forEach((code, i) => {
        const target = this.inputToCorrect(code, inputs);
        links.push(h('li', {}, h('button', { type: 'button', class: 'link', on: { click: () => target.focus() } },
          (this.t.errorLinks || {})[code] || messages[i])));
      });
    }
    if (codes.includes('dob_nir_mismatch') && !this.benRadio.checked) this.beneficiaryFix.hidden = false;
    this.summary.append(heading(this.level, {}, this.t.errorSummaryTitle(links.length)), h('ul', {}, links));
    this.summary.hidden = false;
    this.showErrorTitle(true);
    this.summary.focus();
  }

  // The box that holds the mistake: for a date that contradicts the number, the year if the years differ,
  // else the month (the number encodes both); otherwise the field's first box.
  inputToCorrect(code, inputs) {
    if (code !== 'dob_nir_mismatch') return inputs[0];
    const digits = nirSignificant(this.sameCard && this.cardNir ? this.cardNir() : this.nir.value);
    const year = this.dobInputs[2].value.trim();
    return /^\d{4}$/.test(year) && digits.slice(1, 3) !== year.slice(2) ? this.dobInputs[2] : this.dobInputs[1];
  }

  // "Erreur : <page title>" while errors show (the first thing a screen reader says on a reload or a tab
  // switch), restored when they go, unless the page changed its title meanwhile (e.g. a language switch).
  showErrorTitle(on) {
    const doc = this.element ? this.element.ownerDocument : document;
    if (on && this.titleWithError === undefined) {
      this.titleBefore = doc.title;
      this.titleWithError = this.t.errorTitle(doc.title);
      doc.title = this.titleWithError;
    } else if (!on && this.titleWithError !== undefined) {
      if (doc.title === this.titleWithError) doc.title = this.titleBefore;
      this.titleWithError = undefined;
    }
  }

  // What a message may say back: month and year only (never the full date or the number).
  errorContext(code) {
    const [, month, year] = this.dobInputs.map((i) => i.value.trim());
    if (code === 'dob_nir_mismatch') {
      const nir = this.sameCard && this.cardNir ? this.cardNir() : this.nir.value;
      const typedMonth = Number(month);
      const typed = /^\d{4}$/.test(year) && typedMonth >= 1 && typedMonth <= 12 ? monthYear(Number(year), typedMonth, this.lang) : '';
      return { fromNir: nirBirth(nir, year, this.lang), typed };
    }
    if (code === 'dob_after_incident' && this.incidentDate) {
      const [iy, im] = this.incidentDate.split('-').map(Number);
      return { incident: monthYear(iy, im, this.lang) };
    }
    return {};
  }

  /** Refusals the widget makes itself before the engine runs (a birth after the incident). */
  localErrors(values) {
    return bornAfterIncident(values.birthDate, this.incidentDate) ? ['dob_after_incident'] : [];
  }

  /** What was typed, to carry over a language switch (memory only, never stored). */
  snapshot() {
    const [day, month, year] = this.dobInputs.map((i) => i.value);
    return { nir: this.nir.value, day, month, year, rank: this.rank.value, beneficiary: this.benRadio.checked };
  }

  restore(snapshot) {
    if (!snapshot) return;
    this.nir.value = snapshot.nir;
    this.dobInputs.forEach((input, i) => { input.value = [snapshot.day, snapshot.month, snapshot.year][i]; });
    this.rank.value = snapshot.rank;
    (snapshot.beneficiary ? this.benRadio : this.selfRadio).checked = true;
    this.updateLabels();
  }

  /** After a completed check: nothing typed stays on screen or in the DOM. */
  wipe() {
    for (const input of [this.nir, ...this.dobInputs, this.rank]) input.value = '';
    this.selfRadio.checked = true;
    this.updateLabels();
    this.clearErrors();
  }

  focusFirst() {
    (this.sameCard ? this.dobInputs[0] : this.nir).focus();
  }

  /** A retry after "not found": the mode to check in, and the focus on the field named ('nir', 'dob'). */
  prepareRetry({ beneficiary, focus }) {
    (beneficiary ? this.benRadio : this.selfRadio).checked = true;
    this.updateLabels();
    if (focus === 'nir' && !this.sameCard) this.nir.focus();
    else this.dobInputs[0].focus();
  }
}
