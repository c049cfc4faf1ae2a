// SPDX-License-Identifier: MPL-2.0
// <breach-check>: the self-check people see. Attributes: dataset, publisher-key, lang (fr|en),
// min-version, allow-weak-kdf, result-event. Loads and verifies the list as soon as it is connected, so the
// only request after the person presses "Check" is one bucket range.
import { h } from './dom.js';
import { load, parseMinVersion } from './checker.js';
import { strings, pickLang, loc } from './text.js';
import { widgetStyleSheet } from './styles.js';
import { renderPrecheck } from './view-precheck.js';
import { CheckForm } from './view-form.js';
import { renderResult, datasetLine } from './view-result.js';
import { renderAbout } from './view-about.js';
import { cite, sourcesList } from './view-sources.js';

// The engine's default floor (wasm/core/dataset.h, TrustPolicy::min_kdf_mem_kib).
const RELOAD_ATTRIBUTES = ['dataset', 'publisher-key', 'min-version', 'allow-weak-kdf'];

export class BreachCheckElement extends HTMLElement {
  static get observedAttributes() {
    return [...RELOAD_ATTRIBUTES, 'lang'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.checker = null;
    this.source = null; // a File/Blob/ArrayBuffer given with setDataset(), instead of the attribute
    this.generation = 0;
    this.lastResult = null;
    this.configError = null; // a malformed attribute: shown instead of loading anything
  }

  get lang() {
    return pickLang(this.getAttribute('lang'));
  }

  set lang(value) {
    this.setAttribute('lang', value);
  }

  /** Uses a local file or bytes as the data set (e.g. the offline page's file picker). */
  setDataset(source) {
    this.source = source;
    if (this.isConnected) this.reload();
  }

  connectedCallback() {
    if (!this.started) {
      this.started = true;
      this.reload();
    }
  }

  disconnectedCallback() {
    // Stop the worker (and drop the verified header) when the element leaves the page.
    this.started = false;
    this.generation += 1;
    if (this.checker) this.checker.close();
    this.checker = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.started || oldValue === newValue) return;
    if (name === 'lang') this.render();
    else this.reload();
  }

  async reload() {
    const generation = ++this.generation;
    if (this.checker) this.checker.close();
    this.checker = null;
    this.lastResult = null;
    this.configError = null;
    const sheet = await widgetStyleSheet();
    if (generation !== this.generation) return;
    this.shadowRoot.adoptedStyleSheets = [sheet];
    const dataset = this.source || this.getAttribute('dataset');
    if (!dataset) {
      this.shadowRoot.replaceChildren();
      return;
    }
    let minVersion;
    try {
      minVersion = parseMinVersion(this.getAttribute('min-version'));
    } catch (error) {
      this.configError = error.code; // never a silent 0: that would turn the rollback floor off
      this.render();
      return;
    }
    this.render();
    const keys = (this.getAttribute('publisher-key') || '').split(/[\s,]+/).filter(Boolean);
    const checker = await load({
      dataset,
      publisherKey: keys,
      minVersion,
      allowWeakKdf: this.hasAttribute('allow-weak-kdf'),
    });
    if (generation !== this.generation) {
      checker.close();
      return;
    }
    this.checker = checker;
    this.render();
  }

  t() {
    return strings(this.lang);
  }

  render() {
    const t = this.t();
    const lang = this.lang;
    const checker = this.checker;
    this.live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    const root = h('div', { class: 'widget', part: 'container', lang });
    const title = h('h2', { class: 'title', part: 'title' }, t.title);
    if (this.configError) {
      root.append(title, renderConfigProblem(this.configError, t), this.live);
      this.shadowRoot.replaceChildren(root);
      return;
    }
    if (!checker) {
      root.append(title, h('p', { class: 'loading', role: 'status' }, h('progress', { 'aria-label': t.loading }), ' ', t.loading));
      this.shadowRoot.replaceChildren(root);
      return;
    }
    if (checker.status !== 'ready') {
      const problem = { status: checker.status, errors: [checker.error] };
      root.append(title, renderResult(problem, { t, lang, atLoad: true, onRetry: () => this.reload() }), this.live);
      this.shadowRoot.replaceChildren(root);
      return;
    }
    const { catalog, dataset } = checker;
    const incident = catalog.incident;
    this.form = new CheckForm({ t, onSubmit: (values) => this.runCheck(values) });
    this.resultSlot = h('div', { class: 'result-slot' });
    root.append(
      h('header', { class: 'intro', part: 'header' }, title,
        incident ? h('p', {}, loc(incident.summary, lang), cite(incident.sources, catalog, t, lang)) : null,
        datasetLine(dataset, t, lang),
        // Only reachable when the embedder opted in with allow-weak-kdf: say so where everyone sees it.
        dataset.kdf && dataset.kdf.belowDefaultFloor
          ? h('p', { class: 'warning weak-kdf', part: 'notice', role: 'note' }, t.weakKdf(dataset.kdf.memKiB))
          : null),
      renderPrecheck({ t, lang, catalog, insurers: checker.insurers }),
      this.form.element,
      this.resultSlot,
      renderAbout({ t, lang, dataset }),
      sourcesList(catalog, t, lang),
      this.live);
    this.shadowRoot.replaceChildren(root);
  }

  async runCheck(values) {
    const t = this.t();
    const checker = this.checker;
    if (!checker) return;
    this.form.clearErrors();
    this.resultSlot.replaceChildren();
    this.form.setBusy(true);
    this.live.textContent = '';
    let result;
    try {
      result = await checker.check(values);
    } finally {
      // Drop our references to what was typed as soon as the engine has it.
      values.nir = '';
      values.birthDate = '';
      values.birthRank = '';
      if (this.form) this.form.setBusy(false);
    }
    if (checker !== this.checker) return;
    this.lastResult = result.status;
    if (result.status === 'invalid_input') {
      this.form.showErrors(result.errors || []);
      this.live.textContent = t.errorSummaryTitle((result.errors || []).length);
    } else {
      const done = result.status === 'affected' || result.status === 'not_found';
      if (done) this.form.wipe(); // a completed check leaves nothing typed behind
      const section = renderResult(result, {
        t, lang: this.lang, catalog: checker.catalog,
        onRetry: () => this.form.submit(), // fields were kept: retry with them
        onAgain: () => { this.resultSlot.replaceChildren(); this.form.focusFirst(); },
      });
      this.resultSlot.replaceChildren(section);
      const heading = section.querySelector('.verdict');
      // A wait (rate limit) is announced with the heading: it is the one thing to act on.
      const wait = (result.errors || [])[0] === 'oprf_rate_limited' ? section.querySelector('.explain') : null;
      this.live.textContent = [heading, wait].filter(Boolean).map((el) => el.textContent).join(' ');
      if (heading) heading.focus();
    }
    if (this.hasAttribute('result-event')) {
      // Opt-in, publisher pages only: the status and nothing else (no identifiers, no categories).
      this.dispatchEvent(new CustomEvent('breachcheck:result', {
        detail: { status: result.status }, bubbles: true, composed: true,
      }));
    }
  }
}

// The page's own settings are wrong: nothing was loaded and no check can run; the code is for its author.
function renderConfigProblem(code, t) {
  return h('section', { class: 'result config-error', part: 'result result-config_error', 'data-status': 'config_error',
    'aria-label': t.resultRegion },
  h('h3', { class: 'verdict integrity', tabindex: '-1' }, t.configTitle),
  h('p', { class: 'explain', 'data-code': code }, t.configProblems[code] || code),
  h('p', { class: 'code' }, t.errorCode(code)));
}

export function defineBreachCheckElement(name = 'breach-check') {
  if (!customElements.get(name)) customElements.define(name, BreachCheckElement);
}
