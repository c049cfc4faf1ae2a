// SPDX-License-Identifier: MPL-2.0
// <breach-check>: the self-check people see. Attributes: src (the data set's URL; `dataset` is its first name,
// kept as an alias), publisher-key, lang (fr|en), min-version, allow-weak-kdf, result-event. Loads and verifies
// the list as soon as it is connected, so the only request after the person presses "Check" is one bucket range.
// Every attribute also has a camelCase property (src, publisherKey, minVersion, …) that reads and writes it:
// React 19, Preact and Vue set a property whenever the element has one.
// Presentation attributes (re-render, what was typed is kept in memory): publisher-contact, publisher-legal
// (the legal notice's https address), hide-precheck, heading-level; slots: "logo" (publisher's logo) and "help" (an insurer's own help text, in results and errors).
// Family flow: after a verdict, "same card" checks reuse the card's number (held in memory, never shown) for
// each beneficiary; the verdicts stay listed, one per person, until the page is left: leaving it (pagehide),
// and coming back to it from the back-forward cache, wipes the fields and forgets the card and the verdicts
// (page-lifecycle.js).
import { h, heading, uid } from './dom.js';
import { load, loadDirectory, loadDirectoryMode, parseMinVersion } from '../api/checker.js';
import { strings, pickLang, loc, waitText, widgetTexts, listJoin } from './text.js';
import { nextFrame, nextTask } from './next-task.js';
import { LANGUAGES } from '../i18n/languages.js';
import { widgetStyleSheet } from './styles.js';
import { renderPrecheck } from './view-precheck.js';
import { CheckForm } from './view-form.js';
import { renderResult, exposedLine, provenance, verdictHead, personLabel, whoLine, priorityActions } from './view-result.js';
import { renderAbout } from './view-about.js';
import { sourcesLine, sourcesList } from './view-sources.js';
import { publisherBlock, authenticityCheck, contactLine } from './view-publisher.js';
import { startCountdown } from './countdown.js';
import { forgetOnPageLeave } from './page-lifecycle.js';

const RELOAD_ATTRIBUTES = ['src', 'dataset', 'publisher-key', 'min-version', 'allow-weak-kdf', 'directory', 'directory-key'];
const RENDER_ATTRIBUTES = ['lang', 'publisher-contact', 'publisher-legal', 'hide-precheck', 'heading-level'];
// Read when a check ends, so a change needs no reaction (not observed).
const READ_ON_USE_ATTRIBUTES = ['result-event'];

// Every attribute's property (the accessors of the class below): strings read the attribute (absent: null) and
// null or undefined removes it; booleans are the attribute's presence. `lang` reads the language in use
// ('fr' | 'en'). `dataset` keeps HTMLElement's own property (the data-* map): the reason the data set attribute
// is now `src`.
const REFLECTED_PROPERTIES = ['src', 'publisherKey', 'minVersion', 'lang', 'allowWeakKdf', 'resultEvent',
  'publisherContact', 'publisherLegal', 'hidePrecheck', 'headingLevel', 'directory', 'directoryKey'];

// A page may connect the element first and set `src` once its own configuration has arrived (the demo pages do):
// only an element still without a data set this long after the page's load event is reported as misconfigured.
const MISSING_SOURCE_GRACE_MS = 2000;

// Each console warning about the page's markup is given once per page, not once per element or render.
const warned = new Set();
function warnOnce(key, text) {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`breachcheck-widget: ${text}`);
}

/**
 * The "am I affected?" self-check over a signed data set; what it says about the incident comes from the data set's catalog.
 * This comment is what custom-elements.json is generated from (web/tools/manifest.mjs); a test checks it against
 * the attributes this file reads and web/breachcheck.d.ts (tests/js/element-manifest.test.mjs).
 * @tagname breach-check
 * @attr {string} src - URL of the signed data set (HTTP Range). Its property is `src`.
 * @attr {string} dataset - Deprecated: the first name of `src` (same value; warns once). No property: `dataset` is HTMLElement's.
 * @attr {string} publisher-key - The publisher's Ed25519 public key, base64; two, space-separated, during a key rotation.
 * @attr {string} lang - Language of the widget: a tag of the language registry (web/src/i18n/languages.js), `fr` (default) or `en`.
 * @attr {string} min-version - The oldest data set version accepted, a decimal integer (rollback floor); with `directory`, the oldest directory version.
 * @attr {string} directory - URL of a signed directory of lists: one check across every list it names (instead of `src`).
 * @attr {string} directory-key - The directory's Ed25519 public key, base64; two, space-separated, during a key rotation.
 * @attr {boolean} allow-weak-kdf - Tests and demos only: accept a light Argon2id; the widget then says so on screen.
 * @attr {boolean} result-event - Publisher pages only: dispatch the status-only result events.
 * @attr {string} publisher-contact - The publisher's contact shown with results (https:, mailto:, tel: or text).
 * @attr {string} publisher-legal - The https address of the publisher's legal notice, linked from the widget.
 * @attr {boolean} hide-precheck - Hides the insurer pre-check.
 * @attr {string} heading-level - Level of the widget's title, 1-5 (default 2).
 * @fires {CustomEvent<{status: string, lists?: {id: string, status: string}[]}>} breachcheck:result - With `result-event`: a check ended; detail is the status only (with `directory`, also each list's id and status).
 * @fires {CustomEvent<{status: string, lists?: {id: string, status: string}[]}>} breachcheckresult - The same event under a name JSX and templates can bind.
 * @slot logo - The publisher's logo, next to the publisher's name.
 * @slot help - An insurer's own help text and contact, shown in the latest verdict and in failures.
 * @cssprop --bc-accent - Accent colour (buttons, links).
 * @cssprop --bc-fg - Text colour.
 * @cssprop --bc-bg - Background colour.
 * @cssprop --bc-font - Font family.
 * @cssprop --bc-focus - Focus ring colour.
 * @csspart container - The widget's outer box.
 * @csspart title - The widget's title.
 * @csspart form - The check form.
 * @csspart button - Every button.
 * @csspart verdicts - The list of verdicts.
 */
export class BreachCheckElement extends HTMLElement {
  // The languages `lang` takes ({tag, name}, the default first), from the registry (web/src/i18n/languages.js):
  // the demo pages build their language buttons from it.
  static get languages() {
    return LANGUAGES.map(({ tag, name }) => ({ tag, name }));
  }

  static get observedAttributes() {
    return [...RELOAD_ATTRIBUTES, ...RENDER_ATTRIBUTES];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.checker = null;
    this.source = null; // a File/Blob/ArrayBuffer given with setDataset(), instead of the attribute
    this.generation = 0;
    this.lastResult = null;
    this.configError = null; // a malformed attribute: shown instead of loading anything
    this.verdicts = []; // {result, who}: no identifier, only "for you / a beneficiary", month and year, rank
    this.cardNir = null; // family flow: the card's number, in memory only, until "change card" or the page is left
    this.formOpen = true;
    this.problem = null;
    this.stopCountdown = null;
    this.session = {}; // replaced whenever the session is forgotten: a check that ends later is dropped
    this.missingSourceTimer = null;
    // A framework may have set a property on the element before this class was defined (an own property then
    // shadows the accessor): hand each one to the accessor, so it reaches the attribute.
    for (const name of REFLECTED_PROPERTIES) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  get lang() {
    return pickLang(this.getAttribute('lang'));
  }

  set lang(value) {
    reflectString(this, 'lang', value);
  }

  /** The data set's URL (attribute `src`; reads the older `dataset` attribute when `src` is absent). */
  get src() {
    return this.hasAttribute('src') ? this.getAttribute('src') : this.getAttribute('dataset');
  }

  set src(value) {
    reflectString(this, 'src', value);
  }

  /** The publisher's Ed25519 public key, base64 (attribute `publisher-key`); two, space-separated, in a rotation. */
  get publisherKey() {
    return this.getAttribute('publisher-key');
  }

  set publisherKey(value) {
    reflectString(this, 'publisher-key', value);
  }

  /** The oldest data set version accepted (attribute `min-version`), a decimal integer. */
  get minVersion() {
    return this.getAttribute('min-version');
  }

  set minVersion(value) {
    reflectString(this, 'min-version', value);
  }

  /** URL of a signed directory of lists (attribute `directory`): every list it names is checked at once. */
  get directory() {
    return this.getAttribute('directory');
  }

  set directory(value) {
    reflectString(this, 'directory', value);
  }

  /** The directory's Ed25519 public key, base64 (attribute `directory-key`); two, space-separated, in a rotation. */
  get directoryKey() {
    return this.getAttribute('directory-key');
  }

  set directoryKey(value) {
    reflectString(this, 'directory-key', value);
  }

  /** Tests and demos only: accept a light Argon2id (attribute `allow-weak-kdf`). */
  get allowWeakKdf() {
    return this.hasAttribute('allow-weak-kdf');
  }

  set allowWeakKdf(value) {
    this.toggleAttribute('allow-weak-kdf', Boolean(value));
  }

  /** Publisher pages only: dispatch the status-only result events (attribute `result-event`). */
  get resultEvent() {
    return this.hasAttribute('result-event');
  }

  set resultEvent(value) {
    this.toggleAttribute('result-event', Boolean(value));
  }

  /** The publisher's contact shown with results (attribute `publisher-contact`). */
  get publisherContact() {
    return this.getAttribute('publisher-contact');
  }

  set publisherContact(value) {
    reflectString(this, 'publisher-contact', value);
  }

  /** The https address of the publisher's legal notice (attribute `publisher-legal`). */
  get publisherLegal() {
    return this.getAttribute('publisher-legal');
  }

  set publisherLegal(value) {
    reflectString(this, 'publisher-legal', value);
  }

  /** Hides the insurer pre-check (attribute `hide-precheck`). */
  get hidePrecheck() {
    return this.hasAttribute('hide-precheck');
  }

  set hidePrecheck(value) {
    this.toggleAttribute('hide-precheck', Boolean(value));
  }

  /** Level of the widget's title, 1-5 (attribute `heading-level`; 2 when absent or out of range). */
  get headingLevel() {
    return this.getAttribute('heading-level');
  }

  set headingLevel(value) {
    reflectString(this, 'heading-level', value);
  }

  /** The data set given by the markup: `src`, else its older name `dataset` (which warns once). */
  sourceAttribute() {
    if (this.hasAttribute('src')) return this.getAttribute('src');
    const alias = this.getAttribute('dataset');
    if (alias !== null) {
      warnOnce('dataset-alias', 'the "dataset" attribute of <breach-check> is now "src" (same value). "dataset" still ' +
        'works as an attribute, but frameworks that set properties (React 19, Preact, Vue) cannot set it: it is ' +
        'also HTMLElement.dataset. Write src="…".');
    }
    return alias;
  }

  /**
   * Uses a local file or bytes as the data set (e.g. the offline page's file picker). `null`: none yet, one will
   * come this way (the element then waits without reporting a missing data set).
   */
  setDataset(source) {
    this.source = source || null;
    this.awaitingSource = source === null;
    if (this.isConnected) this.reload();
  }

  connectedCallback() {
    // Printing the family list: earlier verdicts unfold (what was exposed, the actions), then fold back.
    this.onBeforePrint = () => this.setEarlierOpen(true);
    this.onAfterPrint = () => this.setEarlierOpen(false);
    window.addEventListener('beforeprint', this.onBeforePrint);
    window.addEventListener('afterprint', this.onAfterPrint);
    if (!this.stopForgetting) this.stopForgetting = forgetOnPageLeave(() => this.forgetOnLeave());
    if (!this.started) {
      this.started = true;
      this.reload();
    }
  }

  disconnectedCallback() {
    // Stop the worker (and drop the verified header) when the element leaves the page.
    this.started = false;
    this.generation += 1;
    this.stopMissingSourceTimer();
    this.forgetSession();
    window.removeEventListener('beforeprint', this.onBeforePrint);
    window.removeEventListener('afterprint', this.onAfterPrint);
    if (this.form) this.form.clearErrors();
    if (this.stopForgetting) this.stopForgetting();
    this.stopForgetting = null;
    if (this.checker) this.checker.close();
    this.checker = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.started || oldValue === newValue) return;
    if (RENDER_ATTRIBUTES.includes(name)) this.rerender();
    else this.reload();
  }

  async reload() {
    this.forgetSession();
    this.stopMissingSourceTimer();
    const generation = ++this.generation;
    if (this.checker) this.checker.close();
    this.checker = null;
    this.lastResult = null;
    this.configError = null;
    const sheet = await widgetStyleSheet();
    if (generation !== this.generation) return;
    this.shadowRoot.adoptedStyleSheets = [sheet];
    const directory = this.getAttribute('directory');
    const dataset = directory ? null : this.source || this.sourceAttribute();
    if (!dataset && !directory) {
      this.shadowRoot.replaceChildren();
      this.expectSource(generation);
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
    // No directory key: the engine refuses the directory (integrity_error, directory_key), as it does a data set.
    const directoryKeys = (this.getAttribute('directory-key') || '').split(/[\s,]+/).filter(Boolean);
    this.render();
    // The loading state first, in a task of its own (with the module's evaluation, on a page that just loaded
    // it); the list's first read and the engine's start in the next: together they were one main-thread task
    // over 50 ms with the CPU throttled 4x (docs/PERFORMANCE.md, "Main thread").
    await nextTask();
    if (generation !== this.generation) return;
    const keys = (this.getAttribute('publisher-key') || '').split(/[\s,]+/).filter(Boolean);
    const loading = directory
      ? loadDirectory({ directory, directoryKey: directoryKeys, minVersion, allowWeakKdf: this.hasAttribute('allow-weak-kdf') })
      : load({
        dataset,
        publisherKey: keys,
        minVersion,
        allowWeakKdf: this.hasAttribute('allow-weak-kdf'),
      });
    if (directory) {
      // The directory's views, made over this widget's building blocks (web/src/directory.js), while the directory
      // loads (the same module, imported once); a failure to load them is the checker's too (loadDirectory:
      // unavailable).
      this.directoryView = await loadDirectoryMode().then((mode) => mode.directoryView({ h, heading, loc, listJoin,
        exposedLine, provenance, verdictHead, personLabel, whoLine, priorityActions, contactLine }), () => null);
    }
    const checker = await loading;
    // Four tasks where there was one: the open list's arrival (its description copied from the worker), the
    // form's fields, the rest of the form (both off the page), then the widget around it put on the page.
    // Together they ran over 50 ms with the CPU throttled 4x (docs/PERFORMANCE.md, "Main thread").
    await nextTask();
    const formFor = () => `${this.lang} ${this.titleLevel()}`; // what the form's words and headings depend on
    const built = generation === this.generation && checker.status === 'ready'
      ? { form: this.newForm(checker, { inSteps: true }), for: formFor() } : null;
    await nextTask();
    if (built && generation === this.generation) built.form.finish();
    await nextTask();
    if (generation !== this.generation) {
      checker.close();
      return;
    }
    this.checker = checker;
    this.render({ deferTail: true, form: built && built.for === formFor() ? built.form : null });
  }

  // No data set yet: after the page's load event and a grace period, say so on screen (FR/EN) and in the console.
  expectSource(generation) {
    if (this.awaitingSource) return;
    const arm = () => {
      if (generation !== this.generation) return;
      this.missingSourceTimer = setTimeout(() => {
        this.missingSourceTimer = null;
        if (generation !== this.generation) return;
        this.missingSource = true;
        this.render();
        warnOnce('missing-src', '<breach-check> has no src attribute (the URL of the signed data set), ' +
          `${MISSING_SOURCE_GRACE_MS / 1000} s after the page loaded: it shows "no list" and checks nothing. ` +
          'Set src="…" (and publisher-key="…"), or call setDataset() with a file.');
      }, MISSING_SOURCE_GRACE_MS);
    };
    if (document.readyState === 'complete') arm();
    else window.addEventListener('load', arm, { once: true });
  }

  stopMissingSourceTimer() {
    if (this.missingSourceTimer) clearTimeout(this.missingSourceTimer);
    this.missingSourceTimer = null;
    this.missingSource = false;
  }

  t() {
    return strings(this.lang);
  }

  // The title's level in use: the attribute when it is 1-5, else 2.
  titleLevel() {
    const level = Number(this.getAttribute('heading-level'));
    return Number.isInteger(level) && level >= 1 && level <= 5 ? level : 2;
  }

  /** Drops everything the session held: verdicts, the family card's number, timers. */
  forgetSession() {
    this.session = {};
    this.verdicts = [];
    this.cardNir = null;
    this.formOpen = true;
    this.problem = null;
    this.stopTimers();
  }

  /** The page is left, or shown again from the back-forward cache: nothing typed, no verdict, no card. */
  forgetOnLeave() {
    if (this.form) this.form.wipe();
    this.forgetSession();
    this.lastResult = null;
    if (this.checker) this.render(); // a new, empty form; no verdict, no problem, no "same card"
  }

  stopTimers() {
    if (this.stopCountdown) this.stopCountdown();
    this.stopCountdown = null;
  }

  /** Re-renders (language or presentation change) keeping what was typed, in memory only. */
  rerender() {
    const typed = this.form && this.formOpen ? this.form.snapshot() : null;
    const view = this.viewAnchor();
    this.render();
    if (typed && this.form) this.form.restore(typed);
    this.restoreView(view);
  }

  // The part of the widget in sight (a verdict, the form…) with its place on the screen, and the focused
  // element: a re-render (a language switch after a verdict) shows its counterpart at the same place, with the
  // focus, instead of leaving the person wherever the new texts' lengths put them.
  viewParts() {
    const root = this.shadowRoot;
    const parts = [...root.querySelectorAll('.verdicts > .result')].map((el, i) => [`verdict-${i}`, el]);
    for (const [key, selector] of [['after', '.after-verdict'], ['form', 'section.form'], ['problem', '.result-slot > .result']]) {
      const el = root.querySelector(selector);
      if (el && !el.hidden) parts.push([key, el]);
    }
    return parts;
  }

  viewAnchor() {
    const active = this.shadowRoot.activeElement;
    let anchor = null;
    let focus = null;
    for (const [key, el] of this.viewParts()) {
      const box = el.getBoundingClientRect();
      if (!anchor && box.bottom > 0) anchor = { key, top: box.top };
      if (active && el.contains(active)) {
        focus = { key, selector: active.matches('.verdict') ? '.verdict' : active.matches('.error-summary') ? '.error-summary'
          : active.classList.contains('input') ? `input.${[...active.classList].filter((c) => c !== 'input').join('.')}` : null };
        if (box.bottom > 0 && box.top < window.innerHeight) anchor = { key, top: box.top };
      }
    }
    return { anchor, focus };
  }

  restoreView({ anchor, focus }) {
    const parts = new Map(this.viewParts());
    if (focus && focus.selector && parts.has(focus.key)) {
      const target = parts.get(focus.key).querySelector(focus.selector);
      if (target) target.focus({ preventScroll: true });
    }
    if (anchor && parts.has(anchor.key)) window.scrollBy(0, parts.get(anchor.key).getBoundingClientRect().top - anchor.top);
  }

  resultContext(extra) {
    return {
      t: this.t(), lang: this.lang, level: this.titleLevel() + 1, catalog: this.checker && this.checker.catalog,
      contact: this.getAttribute('publisher-contact'), helpSlot: false, ...extra,
    };
  }

  /**
   * Builds the whole widget for its state. `deferTail` (the first render once the list is open): what follows the
   * form (pre-check, the incident, authenticity, how it works, sources) is built in the next tasks, one part per
   * task, so that the form appears in a task under 50 ms with the CPU throttled 4x (docs/PERFORMANCE.md, "Main
   * thread"); a re-render (language, attributes) builds everything at once, keeping the reader's place. `form`:
   * the check form built beforehand for this list (reload), or null to build it here.
   */
  render({ deferTail = false, form = null } = {}) {
    const t = this.t();
    const lang = this.lang;
    const level = this.titleLevel();
    const checker = this.checker;
    this.stopTimers();
    this.live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    const root = h('div', { class: 'widget', part: 'container', lang });
    const title = heading(level, { class: 'title', part: 'title' }, t.title);
    if (this.missingSource) {
      root.append(title, renderConfigProblem('src_missing', t, level + 1, t.sourceMissing), this.live);
      this.shadowRoot.replaceChildren(root);
      return;
    }
    if (this.configError) {
      root.append(title, renderConfigProblem(this.configError, t, level + 1), this.live);
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
      root.append(title, renderResult(problem, this.resultContext({ atLoad: true, helpSlot: true, onRetry: () => this.reload() })),
        this.live);
      this.shadowRoot.replaceChildren(root);
      return;
    }
    const { catalog, dataset } = checker;
    const incident = catalog.incident;
    // The signed catalog's title and introduction replace the neutral ones once the list is open.
    const widgetText = widgetTexts(catalog);
    if (widgetText.title) title.replaceChildren(loc(widgetText.title, lang));
    if (this.form) this.form.clearErrors(); // the page title loses its "Error:" with the old form
    this.form = form ? form.finish() : this.newForm(checker);
    if (this.cardNir) this.form.setSameCard(true, () => this.cardNir);
    this.verdictList = h('div', { class: 'verdicts', part: 'verdicts', 'aria-label': t.verdictsLabel, role: 'group' });
    this.renderVerdicts();
    this.problemSlot = h('div', { class: 'result-slot' });
    this.familyButton = h('button', { type: 'button', class: 'button primary family', part: 'button family',
      on: { click: () => this.openForm({ sameCard: true }) } }, t.checkFamily);
    this.afterActions = h('div', { class: 'after-verdict' },
      h('p', { class: 'hint' }, t.wiped),
      h('div', { class: 'actions' }, this.familyButton,
        h('button', { type: 'button', class: 'button secondary again', part: 'button again',
          on: { click: () => this.newCard() } }, t.again)));
    this.showForm(this.formOpen || this.verdicts.length === 0);
    // What follows the form, part by part (each may be null).
    const tailParts = [
      () => (checker.lists && this.directoryView ? this.directoryView.renderListsAtLoad(checker.lists, t, lang) : null),
      () => (this.hasAttribute('hide-precheck') ? null : renderPrecheck({ t, lang, catalog, insurers: checker.insurers })),
      () => (incident ? h('details', { class: 'incident', part: 'incident' }, h('summary', {}, t.incidentTitle),
        h('p', {}, loc(incident.summary, lang)), sourcesLine(incident.sources, catalog, t, lang)) : null),
      () => (checker.lists ? null : authenticityCheck({ t, dataset })),
      () => renderAbout({ t, lang, dataset }),
      () => sourcesList(catalog, t, lang),
    ];
    const tail = () => tailParts.map((part) => part()).filter(Boolean);
    root.append(
      h('header', { class: 'intro', part: 'header' }, title,
        [...(widgetText.intro || []).map((line) => loc(line, lang)), ...t.intro].map((line) => h('p', { class: 'lead' }, line)),
        // A directory: the lists it checks are named instead of one list's publisher (their keys are pinned by the
        // directory's, which the page gives), by the directory's view (none when its code did not load).
        checker.lists ? (this.directoryView ? this.directoryView.renderListsIntro(checker.lists, t, lang) : null)
          : publisherBlock({ t, lang, dataset, contact: this.getAttribute('publisher-contact'),
            legal: this.getAttribute('publisher-legal') })),
      this.verdictList,
      this.afterActions,
      this.form.element,
      this.problemSlot,
      // Only reachable when the embedder opted in with allow-weak-kdf: said where everyone sees it.
      dataset.kdf && dataset.kdf.belowDefaultFloor
        ? h('p', { class: 'warning weak-kdf', part: 'notice', role: 'note' }, t.weakKdf(dataset.kdf.memKiB))
        : null,
      ...(deferTail ? [] : tail()),
      this.live);
    this.shadowRoot.replaceChildren(root);
    if (this.problem) this.showProblem(this.problem, { focus: false });
    if (deferTail) this.appendInTasks(tailParts, this.live);
  }

  // Builds each part in a task of its own and puts it before `live`, in order: the whole tail in one task ran
  // 58-130 ms with the CPU throttled 4x and one core busy (docs/PERFORMANCE.md, "Main thread"). Stops if the
  // widget was rendered again meanwhile (that render built its own).
  async appendInTasks(parts, live) {
    for (const part of parts) {
      await nextTask();
      if (!live.isConnected || this.live !== live) return;
      const node = part();
      if (node) live.before(node);
    }
  }

  // The check form for the open list, in the page's language (not yet on the page); `inSteps`: its fields only,
  // finished later (CheckForm).
  newForm(checker, { inSteps = false } = {}) {
    const incident = checker.catalog.incident;
    return new CheckForm({
      t: this.t(), lang: this.lang, level: this.titleLevel() + 1, incidentDate: incident && incident.date,
      onSubmit: (values) => this.runCheck(values),
      onChangeCard: () => this.newCard(),
      inSteps,
    });
  }

  setEarlierOpen(open) {
    for (const details of this.shadowRoot.querySelectorAll('details.earlier')) details.open = open;
  }

  // One card per person checked, in order; earlier ones fold to their sentence and whom they are about.
  renderVerdicts(sections = this.buildVerdicts()) {
    // Two people or more: one summary line first ("4 personnes vérifiées : 3 concernées").
    const affected = this.verdicts.filter((v) => v.result.status === 'affected').length;
    const summary = this.verdicts.length > 1
      ? h('p', { class: 'family-summary', part: 'family-summary' }, this.t().familySummary(this.verdicts.length, affected)) : null;
    this.verdictList.replaceChildren(...[summary, ...sections].filter(Boolean));
    this.verdictList.hidden = this.verdicts.length === 0;
    return this.verdictList.lastElementChild;
  }

  buildVerdicts() {
    const last = this.verdicts.length - 1;
    return this.verdicts.map(({ result, who }, i) => {
      const context = this.resultContext({ who, helpSlot: i === last, compact: i < last,
        person: { index: i + 1, total: this.verdicts.length } });
      // A directory's verdict names each list; an unreachable one can be checked again for the same person.
      const section = result.lists ? this.directoryView.renderDirectoryResult(result, { ...context,
        onRetry: () => this.openForm({ sameCard: true, retry: { beneficiary: who.beneficiary, focus: 'dob' } }) })
        : renderResult(result, context);
      if (i === last && result.status === 'not_found') {
        // After the actions, which stay within half a phone screen of the verdict line (docs/WIDGET.md).
        const anchor = section.querySelector('.priority-block') || section.querySelector('.who')
          || section.querySelector('.verdict-head');
        anchor.after(this.retries(who));
      }
      return section;
    });
  }

  // After "not found", the retries that could apply to what was typed (never to what the list holds: the same
  // for any not-found answer with the same choices): a date typo; someone covered by the plan, with the
  // policyholder's number and their own date; twins, the birth order (when none was given). Each opens the form (nothing is
  // submitted) in the right mode, on the card just used, with the focus on the first field to fill.
  retries(who) {
    const t = this.t();
    const titleId = uid('retry');
    const item = (text, open) => h('li', {}, h('button', { type: 'button', class: 'link retry-option', on: { click: open } }, text));
    return h('div', { class: 'retries', part: 'retries' },
      h('p', { id: titleId }, t.retryTitle),
      h('ul', { 'aria-labelledby': titleId },
        item(t.retryDate, () => this.openForm({ sameCard: true, retry: { beneficiary: who.beneficiary, focus: 'dob' } })),
        who.beneficiary
          ? item(t.retryHolderNumber, () => this.openForm({ sameCard: false, retry: { beneficiary: true, focus: 'nir' } }))
          : item(t.retryAsBeneficiary, () => this.openForm({ sameCard: false, retry: { beneficiary: true, focus: 'nir' } })),
        who.rank ? null : item(t.retryTwins, () => this.openForm({ sameCard: true, retry: { beneficiary: who.beneficiary, focus: 'dob' } }))));
  }

  showForm(open) {
    this.formOpen = open;
    this.form.element.hidden = !open;
    this.afterActions.hidden = open || this.verdicts.length === 0;
    this.familyButton.hidden = !this.cardNir;
  }

  /** After a verdict: check another person on the same card, or start over with a new card. */
  openForm({ sameCard, retry = null }) {
    this.form.wipe();
    this.form.setSameCard(sameCard && Boolean(this.cardNir), () => this.cardNir);
    this.showForm(true);
    if (retry) this.form.prepareRetry(retry);
    else this.form.focusFirst();
  }

  newCard() {
    this.cardNir = null;
    this.openForm({ sameCard: false });
  }

  showProblem(result, { focus }) {
    const t = this.t();
    this.problem = result;
    const section = renderResult(result, this.resultContext({ helpSlot: this.verdicts.length === 0,
      onRetry: () => this.form.submit() })); // fields were kept: retry with them
    this.problemSlot.replaceChildren(section);
    const explain = section.querySelector('.explain');
    if ((result.errors || [])[0] === 'oprf_rate_limited' && Number.isInteger(result.retryAfter) && result.retryAfter > 0) {
      // The visible text follows the clock; the live region speaks twice only: now, and when a retry can work.
      if (focus) this.live.textContent = explain.textContent;
      this.stopCountdown = startCountdown(result.retryAfter, {
        onTick: (left) => { explain.textContent = t.rateLimitedText(waitText(left, t)); },
        onDone: () => {
          this.stopCountdown = null;
          explain.textContent = t.rateLimitedReady;
          this.live.textContent = t.rateLimitedReady;
        },
      });
    }
    if (focus) section.querySelector('.verdict').focus();
  }

  async runCheck(values) {
    const checker = this.checker;
    if (!checker) return;
    this.form.clearErrors();
    this.problemSlot.replaceChildren();
    this.problem = null;
    this.stopTimers();
    const session = this.session;
    const typedNir = values.nir;
    const [year, month] = String(values.birthDate).split('-').map(Number);
    const who = { beneficiary: Boolean(values.beneficiary), year, month, rank: /^[1-9]$/.test(values.birthRank) ? values.birthRank : '' };
    let result;
    try {
      // A birth after the incident is refused here, before any work; everything else is the engine's to judge.
      const local = this.form.localErrors(values);
      if (local.length) {
        result = { status: 'invalid_input', errors: local };
      } else {
        this.form.setBusy(true);
        result = await checker.check(values);
      }
    } finally {
      // Drop our references to what was typed as soon as the engine has it.
      values.nir = '';
      values.birthDate = '';
      values.birthRank = '';
      if (this.form) this.form.setBusy(false);
    }
    if (checker !== this.checker || session !== this.session) return;
    this.lastResult = result.status;
    if (result.status === 'invalid_input') {
      this.form.showErrors(result.errors || []); // the summary takes focus: announced once
    } else if (result.status === 'affected' || result.status === 'not_found' || result.status === 'incomplete') {
      // Built in a task of its own, shown in the next: with a slow CPU, the worker's answer, building the verdict
      // and laying out the page in one task ran over 50 ms (docs/PERFORMANCE.md, "Main thread"); the verdict
      // still appears whole, with the focus on it, in one step.
      await nextTask();
      if (checker !== this.checker || session !== this.session) return;
      // The card's number stays in memory for the family flow; the fields are wiped (nothing typed on screen).
      this.cardNir = typedNir;
      this.verdicts.push({ result, who });
      const sections = this.buildVerdicts();
      await nextTask();
      if (checker !== this.checker || session !== this.session) return;
      this.form.wipe();
      const section = this.renderVerdicts(sections);
      this.showForm(false);
      // Focus alone announces the verdict (no live region copy). On a page of its own, the verdict also goes to
      // the top of the screen; inside a frame, no extra scroll that the embedding page could observe
      // (docs/EMBEDDING.md). Both once the browser has laid the verdict out: in the task that inserted it, the
      // scroll forced that layout, 38-114 ms of a long task with the CPU throttled 4x (docs/PERFORMANCE.md).
      await nextFrame();
      if (checker === this.checker && session === this.session && section.isConnected) {
        const framed = window.parent !== window;
        if (!framed) section.scrollIntoView({ block: 'start' });
        section.querySelector('.verdict').focus({ preventScroll: !framed });
      }
    } else {
      this.showProblem(result, { focus: true });
    }
    if (this.hasAttribute('result-event')) {
      // Opt-in, publisher pages only: the status and nothing else (no identifiers, no categories).
      // Under two names: the first one, and one a JSX or template prop can spell (`onbreachcheckresult`,
      // `@breachcheckresult`: no colon). Spelled out, so custom-elements.json lists each.
      // A directory's check adds each list's id and status (which lists answered, and how), still nothing typed.
      const detail = () => (result.lists ? { status: result.status, lists: result.lists.map((l) => ({ id: l.id, status: l.status })) }
        : { status: result.status });
      const init = () => ({ detail: detail(), bubbles: true, composed: true });
      this.dispatchEvent(new CustomEvent('breachcheck:result', init()));
      this.dispatchEvent(new CustomEvent('breachcheckresult', init()));
    }
  }
}

// The page's own settings are wrong: nothing was loaded and no check can run; the code is for its author (shown
// for the registry's codes, docs/ERRORS.md; a missing data set is said in words only).
function renderConfigProblem(code, t, level, text = t.configProblems[code] || code) {
  return h('section', { class: 'result config-error', part: 'result result-config_error', 'data-status': 'config_error',
    'aria-label': t.resultRegion },
  heading(level, { class: 'verdict integrity', tabindex: '-1' }, t.configTitle),
  h('p', { class: 'explain', 'data-code': code }, text),
  Object.hasOwn(t.configProblems, code) ? h('p', { class: 'code' }, t.errorCode(code)) : null);
}

// A reflected string property's setter: null or undefined removes the attribute; an array (two publisher keys
// during a rotation) is joined with a space.
function reflectString(element, attribute, value) {
  if (value === null || value === undefined) element.removeAttribute(attribute);
  else element.setAttribute(attribute, Array.isArray(value) ? value.join(' ') : String(value));
}

export function defineBreachCheckElement(name = 'breach-check') {
  if (customElements.get(name)) return;
  // A constructor can be defined under one name only: another name gets a subclass of its own, so the page may
  // still define <breach-check> (the main entry, /define) as well.
  customElements.define(name, name === 'breach-check' ? BreachCheckElement : class extends BreachCheckElement {});
}
