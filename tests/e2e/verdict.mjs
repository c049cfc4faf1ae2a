#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser suite for "the answer at a glance" (docs/WIDGET.md, "What a person sees"): verdict first, whom it is
// about, the whole family on one card, the form first, a result that fits a phone, the three priority actions,
// errors that help, who runs this, insurer options, French typography, one announcement, print. Every point in
// French and English, at desktop (1280x900) and phone (390x844) sizes; axe-core in every state. With
// SCREENSHOTS=DIR, writes one PNG per state, language and size into DIR (scripts/screenshots.sh regenerates
// docs/screenshots/ that way). Usage: node tests/e2e/verdict.mjs [name-filter]
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFixtures, startServer, stopServer, launch } from './harness.mjs';
import { W, assert, eq, watchConsole, parts, fill, submit, variants, axe, runTests } from './widget-page.mjs';

const filter = process.argv[2] || '';
const SHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const started = Date.now();

console.log('e2e verdict: building fixtures (data set, site)…');
const fx = buildFixtures();
const server = await startServer(fx.site, ['--test-faults']);
const context = await launch({ serviceWorkers: 'block' });
const valid = fx.ids.self;
const PUBLISHER = 'Mutuelle Démo (tests)';
const setFault = (mode, count) => fetch(`${server.origin}/__test/fault?mode=${mode}&count=${count}`);

const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const LANGS = ['fr', 'en'];
const EVERY = LANGS.flatMap((lang) => Object.keys(SIZES).map((size) => [lang, size])); // FR/EN x desktop/phone
const TEXT = {
  fr: {
    affected: 'Oui\u202F: vos données figurent dans cette fuite',
    affectedBen: 'Oui\u202F: les données de ce proche figurent dans cette fuite',
    notFound: `Vous n’êtes pas dans la liste de ${PUBLISHER}`,
    noGuarantee: /^Ce n’est pas une garantie/,
    self: 'Pour vous', ben: 'Pour un proche', born: 'né(e) en', rank: 'jumeaux, ordre de naissance 2',
    tool: `Outil de ${PUBLISHER}`, authentic: 'Comment vérifier que ce site est authentique\u202F?',
    fix: 'Vérifier pour un proche', mismatch: /Votre numéro indique une naissance en \S+ \d{4}\u202F; vous avez saisi \S+ \d{4}\./,
    afterIncident: /postérieure à la fuite \(février 2024\)/, loadTitle: 'La liste n’est pas disponible pour le moment',
    precheck: 'Je ne sais pas si je suis concerné(e)', again: 'Faire une autre vérification',
  },
  en: {
    affected: 'Yes: your data is in this breach',
    affectedBen: 'Yes: this person\'s data is in this breach',
    notFound: `You are not in the list from ${PUBLISHER}`,
    noGuarantee: /^This is not a guarantee/,
    self: 'For you', ben: 'For someone on your contract', born: 'born in', rank: 'twins, birth order 2',
    tool: `A tool from ${PUBLISHER}`, authentic: 'How to check that this site is genuine?',
    fix: 'Check for someone on my contract', mismatch: /Your number shows a birth in \S+ \d{4}; you typed \S+ \d{4}\./,
    afterIncident: /after the breach \(February 2024\)/, loadTitle: 'The list is not available right now',
    precheck: 'I don\'t know whether I am affected', again: 'Run another check',
  },
};

// A card with its policyholder and a beneficiary in the synthetic list (family flow).
function family() {
  const rows = readFileSync(join(fx.dir, 'records.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const [nir, birthDate, birthRank] = line.split(',');
    return { nir, birthDate, birthRank };
  });
  const matches = (r) => r.birthDate.slice(2, 4) === r.nir.slice(1, 3) && r.birthDate.slice(5, 7) === r.nir.slice(3, 5);
  for (const holder of rows) {
    if (!matches(holder) || !/^[12]\d{14}$/.test(holder.nir)) continue;
    const child = rows.find((r) => r.nir === holder.nir && !matches(r) && r.birthRank !== '2');
    if (child) return { holder, child };
  }
  throw new Error('no family in the synthetic list');
}

async function openPage(path, { lang = 'fr', size = 'desktop' } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(SIZES[size]);
  const errors = watchConsole(page);
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${server.origin}${path}${sep}lang=${lang}`);
  await page.waitForSelector('form.check, .result', { timeout: 15000 });
  return { page, errors };
}

const widgetEval = (page, fn, arg) => page.evaluate(([source, a]) => {
  // eslint-disable-next-line no-new-func
  const f = new Function('root', 'arg', `return (${source})(root, arg);`);
  return f(document.querySelector('breach-check').shadowRoot, a);
}, [fn.toString(), arg]);

async function shot(page, name, lang, size) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}-${lang}-${size}.png`) });
}

// Every text the widget and the page render (details opened), checked for French spacing before ? ! ; :.
async function frenchSpacingProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          const el = child.parentElement;
          const lang = el && el.closest('[lang]') ? el.closest('[lang]').getAttribute('lang') : document.documentElement.lang;
          if (lang === 'fr' && /[ \u00A0][?!;:»]/.test(child.textContent)) problems.push(child.textContent.trim().slice(0, 80));
        } else if (child.nodeType === Node.ELEMENT_NODE && !['SCRIPT', 'STYLE'].includes(child.tagName)) {
          walk(child);
        }
      }
    };
    const widget = document.querySelector('breach-check');
    for (const d of widget.shadowRoot.querySelectorAll('details')) d.open = true;
    walk(document.body);
    walk(widget.shadowRoot);
    // Text split across nodes ("Clé :" + code): the whole widget's text, too.
    if (document.documentElement.lang === 'fr' && /[ \u00A0][?!;:]/.test(widget.shadowRoot.textContent)) {
      problems.push(`joined: ${/.{0,40}[ \u00A0][?!;:].{0,10}/.exec(widget.shadowRoot.textContent)[0]}`);
    }
    for (const d of widget.shadowRoot.querySelectorAll('details')) d.open = false;
    return problems;
  });
}

// Checks the state the page is in: axe (0 violations), French spacing, screenshot.
async function checkState(page, name, lang, size) {
  await shot(page, name, lang, size);
  eq(await axe(page), [], `axe ${name} ${lang} ${size}`);
  if (lang === 'fr') eq(await frenchSpacingProblems(page), [], `French spacing in ${name} (${size})`);
}

// ---------------------------------------------------------------------------------------------- every state
for (const lang of LANGS) {
  for (const size of Object.keys(SIZES)) {
    const T = TEXT[lang];
    test(`states ${lang} ${size}: form first, verdict first, phone fit, actions, errors, axe, typography`, async () => {
      const { page, errors } = await openPage('/', { lang, size });
      const vh = SIZES[size].height;
      // (4) The NIR field is inside the first viewport; one title; the pre-check is folded.
      const nirBox = await page.locator(`${W} >> input.nir`).boundingBox();
      assert(nirBox && nirBox.y + nirBox.height <= vh, `NIR field in the first viewport (bottom ${nirBox && nirBox.y + nirBox.height} > ${vh})`);
      eq(await page.locator(`${W} >> h1`).count(), 1, 'the widget title is the page\'s one h1');
      eq(await page.evaluate(() => document.querySelectorAll('h1').length), 0, 'no second title in the page itself');
      eq(await widgetEval(page, (root) => root.querySelector('details.precheck').open), false, 'pre-check folded');
      eq((await page.locator(`${W} >> details.precheck summary`).innerText()).trim(), T.precheck.replace(/ (?=[?!;:])/g, '\u202F'), 'pre-check summary');
      // (8) Who runs this, before typing: the publisher and its contact; the fingerprint to compare, folded.
      const publisher = await page.locator(`${W} >> .publisher`).innerText();
      assert(publisher.includes(T.tool) && await page.locator(`${W} >> .publisher a[href^="tel:"]`).count() === 1, `publisher and contact: ${publisher}`);
      eq((await page.locator(`${W} >> details.authentic summary`).innerText()).trim(), T.authentic, 'authenticity check');
      assert(/[0-9a-f]{4} [0-9a-f]{4}/.test(await page.locator(`${W} >> details.authentic code`).textContent()), 'fingerprint to compare');
      const publisherBox = await page.locator(`${W} >> .publisher`).boundingBox();
      assert(publisherBox.y < nirBox.y, 'publisher shown before the form');
      await checkState(page, 'initial', lang, size);
      await page.click(`${W} >> details.precheck summary`);
      await page.check(`${W} >> .precheck input[value=almerys]`);
      await checkState(page, 'precheck', lang, size);
      await page.click(`${W} >> details.precheck summary`);

      // (9) Errors that help: both months named, the quick fix, a birth after the incident refused.
      await fill(page, { nir: valid.nir, day: '1', month: valid.birthDate.slice(5, 7) === '01' ? '2' : '1', year: valid.birthDate.slice(0, 4) });
      eq((await submit(page)).status, 'invalid_input', 'mismatch');
      const dobError = await page.locator(`${W} >> .dob .field-error`).innerText();
      assert(T.mismatch.test(dobError), `both months named: ${dobError}`);
      eq((await page.locator(`${W} >> button.beneficiary-fix`).innerText()).trim(), T.fix, 'quick fix wording');
      eq(await widgetEval(page, (root) => root.activeElement && root.activeElement.className), 'error-summary', 'summary focused');
      eq(await widgetEval(page, (root) => root.querySelector('.widget > [aria-live]').textContent), '', 'announced once (focus), not also by the live region');
      await checkState(page, 'errors', lang, size);
      await fill(page, { nir: valid.nir, day: '1', month: '3', year: '2025' });
      eq((await submit(page)).status, 'invalid_input', 'born after the incident');
      const afterIncident = await page.locator(`${W} >> .dob .field-error`).innerText();
      assert(T.afterIncident.test(afterIncident), `refused with a reason: ${afterIncident}`);

      // (1, 2, 5, 6) Affected: yes/no sentence first, whom it is about, provenance, three actions within two phone screens.
      await fill(page, valid);
      const got = await submit(page);
      eq(got.status, 'affected', 'affected');
      const verdict = await widgetEval(page, (root) => {
        const result = [...root.querySelectorAll('.result')].pop();
        const headingEl = result.querySelector('.verdict');
        const actions = result.querySelector('ol.priority');
        const top = result.getBoundingClientRect().top + window.scrollY;
        return {
          heading: headingEl.textContent, focused: root.activeElement === headingEl,
          icon: Boolean(result.querySelector('.verdict-head svg[aria-hidden=true]')),
          colour: getComputedStyle(result.querySelector('.verdict-head')).backgroundColor,
          who: result.querySelector('.who').textContent, provenance: result.querySelector('.provenance').textContent,
          actions: [...actions.children].map((li) => li.dataset.advice),
          links: [...actions.querySelectorAll('a')].map((a) => a.href),
          actionsBottom: actions.getBoundingClientRect().bottom + window.scrollY - top,
          height: result.getBoundingClientRect().height,
          column: result.querySelector('ol.priority li').getBoundingClientRect().width,
          formHidden: root.querySelector('section.form').hidden,
          live: root.querySelector('.widget > [aria-live]').textContent,
          text: result.textContent,
        };
      });
      assert(verdict.heading.startsWith(T.affected), `heading starts with the yes sentence: ${verdict.heading}`);
      assert(verdict.focused && verdict.live === '', 'focus moves to the verdict; the live region stays silent (one announcement)');
      assert(verdict.icon && verdict.colour !== 'rgba(0, 0, 0, 0)', 'icon and colour');
      const [y, m] = valid.birthDate.split('-').map(Number);
      const monthYear = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
      assert(verdict.who.startsWith(T.self) && verdict.who.includes(`${T.born} ${monthYear}`), `who was checked: ${verdict.who}`);
      assert(verdict.provenance.includes(PUBLISHER), `provenance: ${verdict.provenance}`);
      eq(verdict.actions, ['scam_calls', 'scam_sms', 'scam_email', 'if_bank_details_given'], 'four priority actions, in order');
      for (const href of ['https://www.cybermalveillance.gouv.fr/', 'https://www.33700.fr/', 'https://www.signal-spam.fr/']) {
        assert(verdict.links.includes(href), `real link ${href}`);
      }
      assert(verdict.links.every((href) => href.startsWith('https://')), 'https links only');
      assert(verdict.formHidden, 'the form collapses after a verdict');
      assert(await page.isVisible(`${W} >> .after-verdict button.again`), `"${T.again}" shown`);
      if (size === 'phone') assert(verdict.actionsBottom <= 2 * vh, `phone: actions within two screens (${Math.round(verdict.actionsBottom)} px)`);
      console.log(`     measured ${lang} ${size}: affected result ${Math.round(verdict.height)} px tall (folded), actions end at ${Math.round(verdict.actionsBottom)} px, text column ${Math.round(verdict.column)} px`);
      for (const v of variants(valid.nir, valid.birthDate)) assert(!verdict.text.includes(v), `identifier rendered back: ${v}`);
      await checkState(page, 'affected', lang, size);
      await page.click(`${W} >> .result details.more summary`);
      // (7) Conditional CNIL wording with its date; an operator's note cites that operator only.
      const more = await page.locator(`${W} >> .result details.more`).innerText();
      assert(lang === 'fr' ? /ne seraient pas concernées/.test(more) && /7 février 2024/.test(more)
        : /would not be affected/.test(more) && /7 February 2024/.test(more), `conditional CNIL wording: ${more.slice(0, 200)}`);
      await checkState(page, 'affected-more', lang, size);

      // Not found: the sentence, then at once why it is not a guarantee.
      await fill(page, fx.ids.notFound);
      eq((await submit(page)).status, 'not_found', 'not found');
      const nf = await widgetEval(page, (root) => {
        const result = [...root.querySelectorAll('.result')].pop();
        return { heading: result.querySelector('.verdict').textContent, next: result.querySelector('.verdict-head').nextElementSibling.textContent };
      });
      eq(nf.heading, T.notFound, 'not-found heading');
      assert(T.noGuarantee.test(nf.next), `followed at once by why it is no guarantee: ${nf.next}`);
      await page.evaluate(() => document.querySelector('breach-check').shadowRoot.querySelector('.verdicts').lastElementChild.scrollIntoView());
      await checkState(page, 'not-found', lang, size);

      // A check that cannot run: not a verdict; advice kept in view.
      await fill(page, valid);
      await setFault('500', 1);
      eq((await submit(page)).status, 'unavailable', 'unavailable');
      eq(await widgetEval(page, (root) => [...root.querySelectorAll('.result-slot ol.priority li')].length), 4, 'advice kept in view');
      await checkState(page, 'unavailable', lang, size);
      // Expected: the blocked service worker (test context) and the injected 500.
      eq(errors.filter((e) => !/Service Worker registration blocked|status of 500/.test(e)), [], 'no console errors');
      await page.close();
    });
  }
}

// ---------------------------------------------------------------------------------------------- family
test('family flow: one card, three people, three verdicts listed; the number is never shown again', async () => {
  const { holder, child } = family();
  for (const [lang, size] of EVERY) {
    const T = TEXT[lang];
    const { page } = await openPage('/', { lang, size });
    await fill(page, holder);
    await submit(page);
    await page.click(`${W} >> button.family`);
    eq(await page.isVisible(`${W} >> input.nir`), false, 'same card: the number field gives way to a note');
    assert(await page.isVisible(`${W} >> .same-card`), 'same-card note');
    assert(await page.isChecked(`${W} >> input[value=beneficiary]`), 'a beneficiary by default');
    const c = parts(child.birthDate);
    await page.fill(`${W} >> input.dob-day`, c.day);
    await page.fill(`${W} >> input.dob-month`, c.month);
    await page.fill(`${W} >> input.dob-year`, c.year);
    eq((await submit(page)).status, fx.oracle(holder.nir, child.birthDate, { beneficiary: true }).status, 'beneficiary matches the oracle');
    await page.click(`${W} >> button.family`);
    await page.fill(`${W} >> input.dob-day`, '3');
    await page.fill(`${W} >> input.dob-month`, '3');
    await page.fill(`${W} >> input.dob-year`, '2012');
    await page.fill(`${W} >> input.rank`, '2');
    await submit(page);
    const list = await widgetEval(page, (root) => [...root.querySelectorAll('.verdicts > .result')].map((r) => ({
      status: r.dataset.status, who: r.querySelector('.who').textContent, heading: r.querySelector('.verdict').textContent })));
    eq(list.length, 3, 'three verdicts for three people');
    eq(await widgetEval(page, (root) => [...root.querySelectorAll('.verdicts > .result')].map((r) => Boolean(r.querySelector(':scope > details.earlier')))),
      [true, true, false], 'earlier verdicts fold to their sentence and whom they are about');
    assert(list[0].who.startsWith(T.self) && list[1].who.startsWith(T.ben) && list[2].who.startsWith(T.ben), `who: ${list.map((l) => l.who)}`);
    assert(list[2].who.includes(T.rank), `birth rank recalled: ${list[2].who}`);
    if (list[1].status === 'affected') assert(list[1].heading.startsWith(T.affectedBen), `beneficiary heading: ${list[1].heading}`);
    const text = await widgetEval(page, (root) => root.textContent);
    for (const v of [...variants(holder.nir, holder.birthDate), ...variants(holder.nir, child.birthDate)]) {
      assert(!text.includes(v), `identifier rendered back: ${v}`);
    }
    eq((await page.evaluate(() => [...document.querySelector('breach-check').shadowRoot.querySelectorAll('input.input')].map((i) => i.value))).filter(Boolean), [], 'fields wiped');
    await page.evaluate(() => document.querySelector('breach-check').shadowRoot.querySelector('.verdicts').scrollIntoView());
    await checkState(page, 'family', lang, size);
    // Printing unfolds the earlier verdicts (what was exposed, the actions).
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    eq(await widgetEval(page, (root) => [...root.querySelectorAll('details.earlier')].every((d) => d.open)), true, 'unfolded for print');
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    // Another card: the number is asked again and the list stays.
    await page.click(`${W} >> .after-verdict button.again`);
    assert(await page.isVisible(`${W} >> input.nir`), 'new card: the number field is back');
    eq(await page.locator(`${W} >> .verdicts > .result`).count(), 3, 'verdicts stay listed');
    await page.close();
  }
});

test('no Intl formatter from page load to the verdict (FR, EN): dates and lists come from i18n/calendar.js', async () => {
  // The first Intl formatter a page constructs costs 60-180 ms with the CPU throttled 4x (docs/PERFORMANCE.md).
  for (const lang of LANGS) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__intlMade = [];
      for (const name of ['DateTimeFormat', 'ListFormat', 'NumberFormat', 'RelativeTimeFormat', 'PluralRules']) {
        const Real = Intl[name];
        Intl[name] = function counted(...args) {
          window.__intlMade.push(name);
          return new Real(...args);
        };
        Intl[name].prototype = Real.prototype;
        Intl[name].supportedLocalesOf = Real.supportedLocalesOf;
      }
    });
    await page.goto(`${server.origin}/?lang=${lang}`);
    await page.waitForSelector(`${W} >> form.check`, { timeout: 15000 });
    await fill(page, valid);
    eq((await submit(page)).status, 'affected', 'affected');
    await fill(page, fx.ids.notFound);
    eq((await submit(page)).status, 'not_found', 'not found');
    const text = await widgetEval(page, (root) => root.textContent);
    assert(lang === 'fr' ? /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/.test(text)
      : /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/.test(text),
    'long dates are written');
    eq(await page.evaluate(() => window.__intlMade), [], `${lang}: Intl formatters constructed`);
    await page.close();
  }
});

test('no layout forced in a long task: the style sheet parsed after the element is created, the form built over two tasks before the one that shows it, what follows it one part per task, the verdict built after the worker\'s answer and scrolled to and focused after a frame', async () => {
  // With the CPU throttled 4x, the sheet's parse in the task that created the element, and the scroll to the
  // verdict in the task that inserted it (which forced its layout: 38-114 ms), made tasks over 50 ms
  // (docs/PERFORMANCE.md, "Main thread"), as did the form's first build in the task that showed it. Checked by
  // order, not by time: a frame counter (requestAnimationFrame), a flag set only while the page's own script
  // appends the element, and one set by the form's creation until the next task.
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.addInitScript(() => {
    const seen = { frame: 0, parsedWhileConnecting: [], inserted: null, scrolled: null, focused: null };
    window.__order = seen;
    const tick = () => { seen.frame += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const replaceSync = CSSStyleSheet.prototype.replaceSync;
    CSSStyleSheet.prototype.replaceSync = function replaceSyncSeen(...args) {
      seen.parsedWhileConnecting.push(Boolean(window.__connecting));
      return replaceSync.apply(this, args);
    };
    const scrollIntoView = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoViewSeen(...args) {
      if (this.matches('.result')) seen.scrolled = seen.frame;
      return scrollIntoView.apply(this, args);
    };
    // The form's fields are built in a task before the one that puts the widget on the page: a flag set when the
    // form element is created, cleared by a timer (the next task at the earliest).
    const createElement = Document.prototype.createElement;
    // The fields (the fieldsets of "who" and the date) and the rest of the form are built in two tasks too.
    Document.prototype.createElement = function createElementSeen(name, ...rest) {
      const tag = String(name).toLowerCase();
      if (tag === 'fieldset' && !seen.fieldsetTask) {
        seen.fieldsetTask = true;
        setTimeout(() => { seen.fieldsetTask = false; }, 0);
      }
      if (tag === 'form' && !seen.formTask) {
        if (seen.formWithItsFields === undefined) seen.formWithItsFields = Boolean(seen.fieldsetTask);
        seen.formTask = true;
        setTimeout(() => { seen.formTask = false; }, 0);
      }
      return createElement.call(this, name, ...rest);
    };
    const replaceChildren = ShadowRoot.prototype.replaceChildren;
    ShadowRoot.prototype.replaceChildren = function replaceChildrenSeen(...nodes) {
      if (nodes.some((n) => n.querySelector && n.querySelector('form.check'))) seen.formPlacedInItsTask = seen.formTask;
      return replaceChildren.apply(this, nodes);
    };
    // The verdict is not built in the task that brought the worker's answer: elements made during a worker
    // message's task (and its microtasks), counted once the check is pressed.
    const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
    Object.defineProperty(Worker.prototype, 'onmessage', {
      configurable: true,
      get() { return onmessage.get.call(this); },
      set(handler) {
        onmessage.set.call(this, handler && function seenMessage(event) {
          seen.workerTask = true;
          setTimeout(() => { seen.workerTask = false; }, 0);
          return handler.call(this, event);
        });
      },
    });
    seen.madeInWorkerTask = 0;
    const makeElement = Document.prototype.createElement;
    Document.prototype.createElement = function countMade(...args) {
      if (seen.pressed && seen.workerTask) seen.madeInWorkerTask += 1;
      return makeElement.apply(this, args);
    };
    // What follows the form is put on the page part by part (before the live region), one part per task.
    seen.tailBatches = [];
    const before = Element.prototype.before;
    Element.prototype.before = function beforeSeen(...nodes) {
      if (this.getAttribute('aria-live') === 'polite' && this.parentNode && this.parentNode.matches('.widget')) seen.tailBatches.push(nodes.length);
      return before.apply(this, nodes);
    };
    const focus = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function focusSeen(...args) {
      if (this.matches('.verdict')) seen.focused = seen.frame;
      return focus.apply(this, args);
    };
  });
  await page.goto(`${server.origin}/test/element.html`);
  await page.evaluate(async () => {
    await customElements.whenDefined('breach-check');
    const config = self.BREACHCHECK_CONFIG;
    const el = document.createElement('breach-check');
    el.setAttribute('lang', 'fr');
    el.setAttribute('publisher-key', config.publisherKey);
    el.setAttribute('allow-weak-kdf', '');
    el.setAttribute('src', new URL(config.dataset, new URL('../', location.href)).href);
    window.__connecting = true;
    document.querySelector('#slot').append(el);
    window.__connecting = false;
  });
  await page.waitForSelector(`${W} >> form.check`, { timeout: 15000 });
  eq((await page.evaluate(() => window.__order.parsedWhileConnecting)), [false], 'style sheet parses (true: in the task that created the element)');
  eq((await page.evaluate(() => window.__order.formPlacedInItsTask)), false, 'form put on the page in the task that built it');
  eq((await page.evaluate(() => window.__order.formWithItsFields)), false, 'form built in the task that built its fields');
  await page.waitForSelector(`${W} >> .sources`, { timeout: 15000 });
  const batches = await page.evaluate(() => window.__order.tailBatches);
  assert(batches.length >= 4 && batches.every((n) => n === 1), `what follows the form, one part per task: ${JSON.stringify(batches)}`);
  await page.evaluate(() => {
    const root = document.querySelector('breach-check').shadowRoot;
    new MutationObserver(() => {
      if (window.__order.inserted === null && root.querySelector('.result .verdict')) window.__order.inserted = window.__order.frame;
    }).observe(root, { childList: true, subtree: true });
  });
  await fill(page, valid);
  await page.evaluate(() => { window.__order.pressed = true; });
  eq((await submit(page)).status, 'affected', 'verdict');
  await page.waitForFunction(() => window.__order.focused !== null, null, { timeout: 5000 });
  eq(await page.evaluate(() => window.__order.madeInWorkerTask), 0, 'elements made in the task of the worker\'s answer');
  const order = await page.evaluate(() => window.__order);
  assert(order.inserted !== null && order.scrolled !== null, `verdict inserted and scrolled to: ${JSON.stringify(order)}`);
  assert(order.scrolled > order.inserted, `scrolled to after a frame, not in the task that inserted it: ${JSON.stringify(order)}`);
  assert(order.focused > order.inserted, `focused after a frame: ${JSON.stringify(order)}`);
  assert(await page.evaluate(() => document.querySelector('breach-check').shadowRoot.activeElement.classList.contains('verdict')), 'focus on the verdict');
  eq(errors, [], 'console errors');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- load failure
test('list unavailable at load: says so (not "the check could not run"), keeps the advice, shows the contact', async () => {
  for (const lang of LANGS) {
    for (const size of Object.keys(SIZES)) {
      const page = await context.newPage();
      await page.setViewportSize(SIZES[size]);
      await page.goto(`${server.origin}/test/widget.html?lang=${lang}&dataset=data/missing.bcd`);
      await page.evaluate(() => document.querySelector('breach-check').setAttribute('publisher-contact', 'mailto:dpo@mutuelle-demo.example'));
      await page.waitForSelector(`${W} >> .result[data-status=unavailable]`, { timeout: 15000 });
      const state = await widgetEval(page, (root) => ({
        heading: root.querySelector('.verdict').textContent,
        advice: root.querySelectorAll('ol.priority li').length,
        contact: (root.querySelector('.contact a') || {}).href,
      }));
      eq(state.heading, TEXT[lang].loadTitle.replace(/ (?=[?!;:])/g, '\u202F'), 'title');
      eq(state.advice, 3, 'advice in view');
      eq(state.contact, 'mailto:dpo@mutuelle-demo.example', 'publisher contact');
      await checkState(page, 'load-unavailable', lang, size);
      await page.close();
    }
  }
});

// ---------------------------------------------------------------------------------------------- integrity
test('integrity failure: the page may not be genuine; the code only beside the contact', async () => {
  for (const [lang, size] of EVERY) {
    const page = await context.newPage();
    await page.setViewportSize(SIZES[size]);
    await page.goto(`${server.origin}/test/widget.html?lang=${lang}&dataset=data/tampered-header.bcd`);
    await page.evaluate(() => document.querySelector('breach-check').setAttribute('publisher-contact', 'tel:01 23 45 67 89'));
    await page.waitForSelector(`${W} >> .result[data-status=integrity_error]`, { timeout: 15000 });
    assert(await widgetEval(page, (root) => Boolean(root.querySelector('.contact .code'))), 'code beside the contact');
    await checkState(page, 'integrity', lang, size);
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- insurer options
test('insurer options: hide-precheck, help slot in verdicts and failures, logo slot', async () => {
  for (const [lang, size] of EVERY) {
    const { page } = await openPage('/test/widget.html', { lang, size });
    await page.evaluate(() => {
      const el = document.querySelector('breach-check');
      el.setAttribute('hide-precheck', '');
      const help = document.createElement('p');
      help.slot = 'help';
      help.id = 'insurer-help';
      help.textContent = 'Mutuelle Démo : 01 23 45 67 89';
      const logo = document.createElement('span');
      logo.slot = 'logo';
      logo.id = 'insurer-logo';
      logo.textContent = 'LOGO';
      el.append(help, logo);
    });
    eq(await page.locator(`${W} >> .precheck`).count(), 0, 'no pre-check');
    assert(await page.isVisible('#insurer-logo'), 'logo slot shown in the publisher line');
    assert(!(await page.isVisible('#insurer-help')), 'help hidden before a result');
    await fill(page, valid);
    await submit(page);
    assert(await page.isVisible('#insurer-help'), 'help shown in the verdict');
    await fill(page, valid);
    await setFault('500', 1);
    eq((await submit(page)).status, 'unavailable', 'failure');
    assert(await page.isVisible('#insurer-help'), 'help shown in the failure state');
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- language
test('English: French source titles carry lang="fr"; switching language keeps what was typed (memory only)', async () => {
  for (const size of Object.keys(SIZES)) {
    const { page } = await openPage('/', { lang: 'fr', size });
    await fill(page, valid);
    await page.click('button.lang[data-lang=en]');
    await page.waitForFunction(() => /Is your data/.test(document.querySelector('breach-check').shadowRoot.querySelector('.title').textContent));
    const kept = await page.evaluate(() => [...document.querySelector('breach-check').shadowRoot.querySelectorAll('input.input')].map((i) => i.value));
    assert(kept.filter(Boolean).length >= 4, `typed values kept: ${kept.filter(Boolean).length}`);
    const titles = await widgetEval(page, (root) => [...root.querySelectorAll('.sources li')].map((li) => li.querySelector('.source-title').getAttribute('lang')));
    assert(titles.length > 5 && titles.every((l) => l === 'fr'), `lang=fr on French titles: ${titles}`);
    const storage = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
    eq(storage, [0, 0, ''], 'nothing stored');
    eq((await submit(page)).status, 'affected', 'check after the switch');
    assert((await widgetEval(page, (root) => root.querySelector('.verdict').textContent)).startsWith(TEXT.en.affected), 'English verdict');
    // And back to French: the verdict list follows the language.
    await page.click('button.lang[data-lang=fr]');
    await page.waitForFunction(() => /Vos données/.test(document.querySelector('breach-check').shadowRoot.querySelector('.title').textContent));
    assert((await widgetEval(page, (root) => root.querySelector('.verdict').textContent)).startsWith(TEXT.fr.affected), 'the verdict in French');
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- print
test('print: verdicts, who, what was exposed and the actions; no form, no identifier', async () => {
  for (const [lang, size] of EVERY) {
    const { page } = await openPage('/', { lang, size });
    await fill(page, valid);
    await submit(page);
    await page.emulateMedia({ media: 'print' });
    const printed = await widgetEval(page, (root) => ({
      result: getComputedStyle(root.querySelector('.result')).display !== 'none',
      who: getComputedStyle(root.querySelector('.result .who')).display !== 'none',
      text: document.body.innerText + root.textContent,
      actions: getComputedStyle(root.querySelector('ol.priority')).display !== 'none',
      exposed: getComputedStyle(root.querySelector('.categories.exposed')).display !== 'none',
      hidden: ['.step.form', '.after-verdict', '.about', '.sources', '.precheck'].map((s) => getComputedStyle(root.querySelector(s)).display),
    }));
    assert(printed.result && printed.who && printed.actions && printed.exposed, 'verdict, who, exposed data and actions printed');
    eq(printed.hidden, ['none', 'none', 'none', 'none', 'none'], 'form, buttons, about, sources, pre-check not printed');
    for (const v of variants(valid.nir, valid.birthDate)) assert(!printed.text.includes(v), `identifier on the printed page: ${v}`);
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- pre-check
test('pre-check: says how many it lists when there are more matches; the contract caveat once', async () => {
  for (const [lang, size] of EVERY) {
    const { page } = await openPage('/', { lang, size });
    await page.click(`${W} >> details.precheck summary`);
    await page.fill(`${W} >> .insurer input`, 'mutuelle');
    await page.press(`${W} >> .insurer input`, 'Enter');
    const answer = await widgetEval(page, (root) => {
      const box = root.querySelector('.insurer .answer');
      return { text: box.querySelector('p').textContent, shown: box.querySelectorAll('ul.pick li').length };
    });
    const [total] = answer.text.match(/\d+/).map(Number);
    assert(total > answer.shown && answer.shown === 12, `${total} matches, ${answer.shown} listed`);
    assert(answer.text.includes(lang === 'fr' ? 'voici les 12 premiers' : 'here are the first 12'), `says so: ${answer.text}`);
    await page.click(`${W} >> .insurer .answer ul.pick button`);
    const caveat = await page.locator(`${W} >> .insurer .answer`).innerText();
    eq((caveat.match(lang === 'fr' ? /dépend du contrat/g : /depends on the contract/g) || []).length, 1, `caveat once: ${caveat}`);
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- frame
test('frame: its own h1, "Outil de <publisher>", NIR in the first viewport, axe clean before and after a check', async () => {
  for (const lang of LANGS) {
    for (const size of Object.keys(SIZES)) {
      const { page } = await openPage('/embed/frame.html', { lang, size });
      eq(await page.locator(`${W} >> h1`).count(), 1, 'the frame has one h1 (the widget title)');
      assert((await page.locator(`${W} >> .publisher`).innerText()).includes(TEXT[lang].tool), 'the tool says whose it is');
      const nir = await page.locator(`${W} >> input.nir`).boundingBox();
      assert(nir.y + nir.height <= SIZES[size].height, `NIR field in the frame's first viewport (${Math.round(nir.y + nir.height)})`);
      await checkState(page, 'frame', lang, size);
      await fill(page, valid);
      eq((await submit(page)).status, 'affected', 'a check in the frame');
      eq(await axe(page), [], `axe: frame verdict ${lang} ${size}`);
      await page.close();
    }
  }
});

test('article page: the two embeds have distinct iframe titles', async () => {
  const page = await context.newPage();
  await page.goto(`${server.origin}/embed/article.html`);
  await page.waitForFunction(() => document.querySelectorAll('iframe').length >= 2);
  const titles = await page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => f.title));
  eq(new Set(titles).size, titles.length, `distinct titles: ${titles.join(' | ')}`);
  await page.close();
});

// ---------------------------------------------------------------------------------------------- runner
const { passed, failed } = await runTests(tests, filter);
await context.close();
await stopServer(server);
console.log(`e2e verdict: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e verdict: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
