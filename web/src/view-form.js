// SPDX-License-Identifier: MPL-2.0
// Step 2: the precise check form. Owns the fields, their formatting, the field-level errors (each tied to
// its field with aria-describedby / aria-invalid, summarised at the top), and the busy indicator.
import { h, uid } from './dom.js';
import { reformatWithCaret } from './nir-format.js';

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

export class CheckForm {
  constructor({ t, onSubmit }) {
    this.t = t;
    this.onSubmit = onSubmit;
    this.busy = false;
    this.build();
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

  build() {
    const t = this.t;
    const whoName = uid('who');
    const selfId = uid('who-self');
    const benId = uid('who-ben');
    this.selfRadio = h('input', { type: 'radio', name: whoName, id: selfId, value: 'self', checked: true });
    this.benRadio = h('input', { type: 'radio', name: whoName, id: benId, value: 'beneficiary' });
    for (const radio of [this.selfRadio, this.benRadio]) radio.addEventListener('change', () => this.updateLabels());
    const who = h('fieldset', { class: 'choices', part: 'fieldset' }, h('legend', {}, t.whoLegend),
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
    this.beneficiaryFix = h('button', { type: 'button', class: 'button secondary', hidden: true,
      on: { click: () => { this.benRadio.checked = true; this.updateLabels(); this.submit(); } } }, t.checkAsBeneficiary);
    for (const input of this.dobInputs) input.setAttribute('aria-describedby', dobHintId);
    this.dobField = { wrap: h('fieldset', { class: 'field dob', part: 'field' }, this.dobLegend,
      h('p', { id: dobHintId, class: 'hint' }, t.dobHint), this.dobError, this.beneficiaryFix,
      h('div', { class: 'row' }, day.wrap, month.wrap, year.wrap)), error: this.dobError, hintId: dobHintId, errorId: dobErrorId };

    this.rank = h('input', { id: uid('rank'), type: 'text', inputmode: 'numeric', autocomplete: 'off',
      maxlength: '3', class: 'input rank', part: 'input' });
    this.rankField = this.field('rank', t.rankLabel, t.rankHint, this.rank);

    this.summary = h('div', { class: 'error-summary', part: 'error-summary', tabindex: '-1', hidden: true });
    this.submitButton = h('button', { type: 'submit', class: 'button primary', part: 'button submit' }, t.submit);
    this.progress = h('div', { class: 'progress', role: 'status', part: 'progress' });

    this.form = h('form', { class: 'check', novalidate: true, autocomplete: 'off',
      on: { submit: (e) => { e.preventDefault(); this.submit(); } } },
    this.summary, who, this.nirField.wrap, this.dobField.wrap, this.rankField.wrap,
    h('div', { class: 'actions' }, this.submitButton), this.progress);
    this.titleId = uid('form-h');
    this.element = h('section', { class: 'step form', part: 'form', 'aria-labelledby': this.titleId },
      h('h3', { id: this.titleId }, t.formTitle), h('p', { class: 'lead' }, t.formIntro), this.form);
  }

  updateLabels() {
    const ben = this.benRadio.checked;
    this.nirField.label.textContent = ben ? this.t.nirLabelBeneficiary : this.t.nirLabel;
    this.dobLegend.textContent = ben ? this.t.dobLegendBeneficiary : this.t.dobLegend;
  }

  values() {
    const [d, m, y] = this.dobInputs.map((i) => i.value);
    return {
      nir: this.nir.value,
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
      const messages = fieldCodes.map((code) => this.t.errors[code] || code);
      f.error.textContent = messages.join(' ');
      f.error.dataset.codes = fieldCodes.join(' ');
      f.error.hidden = false;
      const inputs = this.inputsOf(name);
      for (const input of inputs) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${f.errorId} ${f.hintId}`);
      }
      for (const message of messages) {
        links.push(h('li', {}, h('button', { type: 'button', class: 'link', on: { click: () => inputs[0].focus() } }, message)));
      }
    }
    if (codes.includes('dob_nir_mismatch') && !this.benRadio.checked) this.beneficiaryFix.hidden = false;
    this.summary.append(h('h4', {}, this.t.errorSummaryTitle(links.length)), h('ul', {}, links));
    this.summary.hidden = false;
    this.summary.focus();
  }

  /** After a completed check: nothing typed stays on screen or in the DOM. */
  wipe() {
    for (const input of [this.nir, ...this.dobInputs, this.rank]) input.value = '';
    this.selfRadio.checked = true;
    this.updateLabels();
    this.clearErrors();
  }

  focusFirst() {
    this.nir.focus();
  }
}
