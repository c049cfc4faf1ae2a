#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser suite for the words people read (docs/WIDGET.md "What a person sees", "The words"):
// a reassurance line in view under each verdict; the actions first and short, one per channel, their detail
// folded; what was exposed on one line; plain words (a list of banned terms scanned in every state); the
// publisher first; the integrity failure that says the page may not be genuine; one Sources line per section and
// few Tab stops to the next step; the family summary and one name per person; the number field in the first
// screen; curly apostrophes in French and no untagged French in English. FR and EN, phone and desktop; axe in
// every state. Usage: node tests/e2e/words.mjs [name-filter]
import { buildFixtures, startServer, stopServer, launch, PUBLISHER_FIELDS } from './harness.mjs';
import { W, assert, eq, parts, fill, submit, waitOutcome, axe, runTests } from './widget-page.mjs';

const filter = process.argv[2] || '';
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const started = Date.now();

console.log('e2e words: building fixtures (data set, site)…');
const fx = buildFixtures();
const server = await startServer(fx.site, ['--test-faults']);
const context = await launch({ serviceWorkers: 'block' });
const valid = fx.ids.self;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SIZES = { phone: PHONE, desktop: DESKTOP };
const LANGS = ['fr', 'en'];
const EVERY = LANGS.flatMap((lang) => Object.keys(SIZES).map((size) => [lang, size]));
const setFault = (mode, count) => fetch(`${server.origin}/__test/fault?mode=${mode}&count=${count}`);

// Words a person should not have to decode before "How does this work?", per language.
export const BANNED = {
  fr: [/ayants? droits?/i, /rang de naissance/i, /liste version/i, /version \d/i, /127\.0\.0\.1/, /(?<!\p{L})éditeur/iu,
    /référence interne/i, /authentifi/i, /signée? par une autre clé/i, /15 avec la clé/i, /garanties du contrat souscrit/i,
    /code pour l/i, /\b[a-z]+_[a-z_]+\b/],
  en: [/beneficiar/i, /birth rank/i, /list version/i, /version \d/i, /127\.0\.0\.1/, /publisher/i,
    /internal Almérys reference/i, /authenticated/i, /signed with another key/i, /15 with the key/i,
    /code for support/i, /carte Vitale/i, /attestation de droits/i, /tiers.payant/i, /\b[a-z]+_[a-z_]+\b/],
};

const widgetEval = (page, fn, arg) => page.evaluate(([source, a]) => {
  // eslint-disable-next-line no-new-func
  const f = new Function('root', 'arg', `return (${source})(root, arg);`);
  return f(document.querySelector('breach-check').shadowRoot, a);
}, [fn.toString(), arg]);

async function openPage(path, { lang = 'fr', size = PHONE, attributes = {} } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(size);
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${server.origin}${path}${sep}lang=${lang}`);
  await page.waitForSelector('form.check, .result', { timeout: 15000 });
  if (Object.keys(attributes).length) {
    await page.evaluate((attrs) => {
      const el = document.querySelector('breach-check');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    }, attributes);
    await page.waitForSelector('form.check, .result', { timeout: 15000 });
  }
  return page;
}

// The text a person reads before "How does this work?": the page and the widget (details unfolded, except the
// publisher's contact line where a failure's code belongs), in reading order, skipping the folded "about" and
// "sources". The pre-check is read too: its words are ours (the insurer names it holds are option values, not text,
// until a person picks one).
async function readText(page, { skip = [] } = {}) {
  return page.evaluate((skipSelectors) => {
    const root = document.querySelector('breach-check').shadowRoot;
    const opened = [...root.querySelectorAll('details:not([open])')];
    for (const d of opened) d.open = true;
    const stop = new Set([...root.querySelectorAll('details.about, details.sources, style, script'),
      ...skipSelectors.flatMap((s) => [...root.querySelectorAll(s)])]);
    const out = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent);
        else if (child.nodeType === Node.ELEMENT_NODE && !stop.has(child) && !['SCRIPT', 'STYLE'].includes(child.tagName)) {
          if (child.tagName === 'BREACH-CHECK') walk(root);
          else if (child.tagName !== 'SLOT') walk(child);
          out.push(' ');
        }
      }
    };
    walk(document.body);
    for (const d of opened) d.open = false;
    return out.join('').replace(/\s+/g, ' ');
  }, skip);
}

function bannedIn(text, lang) {
  return BANNED[lang].map((re) => (re.exec(text) || [null])[0]).filter(Boolean);
}

// The states people meet, on the stand-alone page (publisher fields from the deployment config) and the test page.
async function eachState(lang, sizeName, visit) {
  const size = SIZES[sizeName];
  let page = await openPage('/', { lang, size });
  await visit(page, 'initial');
  await fill(page, { nir: valid.nir, day: '1', month: valid.birthDate.slice(5, 7) === '01' ? '2' : '1', year: valid.birthDate.slice(0, 4) });
  await submit(page);
  await visit(page, 'errors');
  await fill(page, valid);
  eq((await submit(page)).status, 'affected', 'affected');
  await visit(page, 'affected');
  await fill(page, fx.ids.notFound);
  eq((await submit(page)).status, 'not_found', 'not found');
  await visit(page, 'not-found');
  await fill(page, valid);
  await setFault('500', 1);
  eq((await submit(page)).status, 'unavailable', 'unavailable');
  await visit(page, 'unavailable');
  await page.close();
  page = await openPage('/test/widget.html?dataset=data/tampered-bucket.bcd', { lang, size,
    attributes: { 'publisher-contact': PUBLISHER_FIELDS.contact } });
  await fill(page, valid);
  eq((await submit(page)).status, 'integrity_error', 'integrity');
  await visit(page, 'integrity');
  await page.close();
  page = await openPage('/test/widget.html?dataset=data/tampered-header.bcd', { lang, size });
  await visit(page, 'integrity-at-load');
  await page.close();
}

const words = (text) => (String(text).match(/[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu) || []).length;

// ------------------------------------------------------------------------------------------ 3. reassurance
test('reassurance: one cited line in view under each verdict (CNIL: bank and medical data; not found: trust the letter)', async () => {
  for (const [lang, size] of EVERY) {
    const page = await openPage('/', { lang, size: SIZES[size] });
    const look = () => widgetEval(page, (root) => {
      const result = [...root.querySelectorAll('.verdicts > .result')].pop();
      const line = result.querySelector('.reassure');
      const visible = Boolean(line) && !line.closest('details:not([open])') && line.getBoundingClientRect().height > 0;
      const sources = line ? [...result.querySelectorAll('.sources-line')].filter((s) => !s.closest('details')) : [];
      return { text: line ? line.textContent : '', visible, count: result.querySelectorAll('.reassure').length,
        sources: sources.map((s) => s.textContent).join(' | '),
        afterHead: line ? result.querySelector('.verdict-head').getBoundingClientRect().bottom <= line.getBoundingClientRect().top : false };
    });
    await fill(page, valid);
    await submit(page);
    const affected = await look();
    assert(affected.visible && affected.count === 1 && affected.afterHead, `${lang} ${size}: one visible line under the verdict: ${JSON.stringify(affected)}`);
    assert(lang === 'fr' ? /coordonnées bancaires/.test(affected.text) && /ne seraient pas concernées, selon la CNIL \(7 février 2024\)/.test(affected.text)
      : /bank details/.test(affected.text) && /would not be affected, according to the CNIL \(7 February 2024\)/.test(affected.text), `affected: ${affected.text}`);
    if (valid.operator === 'almerys') assert(/données médicales|medical data/.test(affected.text), `medical data (Almérys record): ${affected.text}`);
    assert(/CNIL/.test(affected.sources), `cited on the section's Sources line: ${affected.sources}`);
    await fill(page, fx.ids.notFound);
    await submit(page);
    const notFound = await look();
    assert(notFound.visible && notFound.count === 1, `${lang} ${size}: not found: one visible line: ${JSON.stringify(notFound)}`);
    assert(lang === 'fr' ? /fiez-vous à son courrier/.test(notFound.text) : /trust its letter/.test(notFound.text), `not found: ${notFound.text}`);
    assert(/CNIL/.test(notFound.sources), `not found, cited: ${notFound.sources}`);
    eq(await axe(page), [], `axe ${lang} ${size}`);
    await page.close();
  }
});

// ------------------------------------------------------------------------------------------ 4. actions
test('actions: right after the verdict (half a phone screen), one short imperative per channel, detail folded; exposed on one line', async () => {
  for (const [lang, size] of EVERY) {
    const page = await openPage('/', { lang, size: SIZES[size] });
    for (const who of [valid, fx.ids.notFound]) {
      await fill(page, who);
      await submit(page);
      const a = await widgetEval(page, (root) => {
        const result = [...root.querySelectorAll('.verdicts > .result')].pop();
        const verdictTop = result.querySelector('.verdict').getBoundingClientRect().top;
        const block = result.querySelector('.priority-block');
        const items = [...result.querySelectorAll('ol.priority > li')];
        const exposed = result.querySelector('.categories.exposed');
        return {
          status: result.dataset.status,
          gap: block.getBoundingClientRect().top - verdictTop,
          firstBottom: items[0].getBoundingClientRect().bottom - verdictTop,
          ids: items.map((li) => li.dataset.advice),
          summaries: items.map((li) => (li.querySelector(':scope > details > summary') || { textContent: '' }).textContent),
          folded: items.map((li) => { const d = li.querySelector(':scope > details'); return Boolean(d) && !d.open && d.querySelectorAll('p').length >= 1; }),
          exposedTag: exposed ? exposed.tagName : null,
          exposedItems: exposed ? exposed.querySelectorAll('[data-category]').length : 0,
          exposedHeight: exposed ? exposed.getBoundingClientRect().height : 0,
          lineHeight: exposed ? parseFloat(getComputedStyle(exposed).lineHeight) : 0,
        };
      });
      const half = SIZES[size].height / 2;
      assert(a.gap <= half, `${lang} ${size} ${a.status}: actions start ${Math.round(a.gap)} px below the verdict (> ${half})`);
      eq(a.ids, ['scam_calls', 'scam_sms', 'scam_email', 'if_bank_details_given'], 'one action per channel, then the bank');
      for (const s of a.summaries) assert(s && words(s) <= 15, `${lang}: an imperative of 15 words or fewer: "${s}" (${words(s)})`);
      assert(a.folded.every(Boolean), `${lang}: each action's detail folded under it: ${a.folded}`);
      const [call, sms, mail] = a.summaries;
      assert(lang === 'fr' ? /Raccrochez/.test(call) && /carte de tiers payant/.test(call) : /Hang up/.test(call) && /card/.test(call), `call: ${call}`);
      assert(lang === 'fr' ? /transférez-le/.test(sms) && /33\u00A0?\u202F?\s?700/.test(sms) : /forward it/.test(sms) && /33 700/.test(sms), `SMS: ${sms}`);
      assert(/signal-spam\.fr/.test(mail), `e-mail: ${mail}`);
      if (a.status === 'affected') {
        eq(a.exposedTag, 'P', 'what was exposed: one paragraph, not a list');
        assert(a.exposedItems >= 5, `exposed categories named: ${a.exposedItems}`);
        console.log(`     measured ${lang} ${size}: actions start ${Math.round(a.gap)} px below the verdict; exposed line ${Math.round(a.exposedHeight)} px`);
      }
    }
    // The folded detail names the channel's own step: forward, then send the sender's number (33 700).
    await page.click(`${W} >> .verdicts > .result:last-child li[data-advice=scam_sms] summary`);
    const smsDetail = await widgetEval(page, (root) => [...root.querySelectorAll('.verdicts > .result')].pop().querySelector('li[data-advice=scam_sms] details').textContent);
    assert(lang === 'fr' ? /numéro de l’expéditeur/.test(smsDetail) : /sender’s number/.test(smsDetail), `SMS detail: ${smsDetail}`);
    eq(await axe(page), [], `axe with an action open ${lang} ${size}`);
    await page.close();
  }
});

// ------------------------------------------------------------------------------------------ 5. plain words
test('plain words: no banned term before "How does this work?" in any state; the failure text carries no code', async () => {
  for (const [lang, size] of EVERY) {
    await eachState(lang, size, async (page, state) => {
      const text = await readText(page, { skip: ['.contact', 'details.support'] });
      eq(bannedIn(text, lang), [], `${lang} ${size} ${state}: banned terms`);
      if (/integrity|unavailable/.test(state)) {
        const where = await widgetEval(page, (root) => {
          const result = root.querySelector('.result[data-status=integrity_error], .result[data-status=unavailable]');
          const code = result.querySelector('.code');
          return { explain: result.querySelector('.explain').textContent,
            codeBeside: code ? Boolean(code.closest('.contact, details.support')) : null };
        });
        assert(!/[a-z]+_[a-z]+/.test(where.explain), `${state}: the text has no code: ${where.explain}`);
        eq(where.codeBeside, true, `${state}: the code only beside the publisher's contact (or folded for support)`);
      }
      eq(await axe(page), [], `axe ${lang} ${size} ${state}`);
    });
  }
});

test('plain words: the form says "a relative covered by your contract" and "twins: birth order"', async () => {
  for (const lang of LANGS) {
    const page = await openPage('/', { lang });
    const form = await widgetEval(page, (root) => root.querySelector('form.check').textContent);
    assert(lang === 'fr' ? /un proche couvert par mon contrat \(enfant, conjoint\)/.test(form) && /Jumeaux\u202F: ordre de naissance/.test(form)
      : /someone covered by my contract \(child, spouse\)/.test(form) && /Twins: birth order/.test(form), `form words: ${form.slice(0, 300)}`);
    await page.close();
  }
});

// ------------------------------------------------------------------------------------------ 10. integrity
test('integrity failure: "this page may not be genuine; do not type your number again; call your insurer"', async () => {
  for (const [lang, size] of EVERY) {
    for (const dataset of ['tampered-bucket', 'tampered-header']) {
      const page = await openPage(`/test/widget.html?dataset=data/${dataset}.bcd`, { lang, size: SIZES[size] });
      if (dataset === 'tampered-bucket') {
        await fill(page, valid);
        await submit(page);
      }
      const got = await waitOutcome(page);
      eq(got.status, 'integrity_error', `${dataset}: status`);
      const title = await widgetEval(page, (root) => root.querySelector('.result .verdict').textContent);
      assert(lang === 'fr' ? /n’est peut-être pas authentique/.test(title) : /may not be genuine/.test(title), `title: ${title}`);
      assert(lang === 'fr'
        ? /Ne tapez plus votre numéro/.test(got.explain) && /Appelez votre complémentaire au numéro inscrit sur votre carte/.test(got.explain)
        : /Do not type your number here again/.test(got.explain) && /Call your insurer at the number on your card/.test(got.explain),
      `${dataset}: ${got.explain}`);
      assert(!/réessayez plus tard|try again later/i.test(got.explain), 'no "try again later"');
      eq(await axe(page), [], `axe ${lang} ${size} ${dataset}`);
      await page.close();
    }
  }
});

// ------------------------------------------------------------------------------------------ 6. publisher
test('publisher first: name, contact and legal notice in the header; the fingerprint in one sentence under "is this site genuine?"', async () => {
  for (const [lang, size] of EVERY) {
    const page = await openPage('/', { lang, size: SIZES[size] });
    const p = await widgetEval(page, (root) => {
      const header = root.querySelector('header.intro');
      const block = header.querySelector('.publisher');
      const links = [...block.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent }));
      const authentic = root.querySelector('details.authentic');
      return {
        name: block.querySelector('.publisher-name').textContent, links, fingerprintInHeader: Boolean(block.querySelector('.fingerprint')),
        beforeForm: block.getBoundingClientRect().top < root.querySelector('form.check').getBoundingClientRect().top,
        summary: authentic ? authentic.querySelector('summary').textContent : '',
        sentence: authentic ? authentic.querySelector('p').textContent : '',
        fingerprint: authentic ? Boolean(authentic.querySelector('code.fingerprint')) : false,
      };
    });
    assert(p.name.includes('Mutuelle Démo (tests)') && p.beforeForm, `name first: ${p.name}`);
    assert(p.links.some((l) => l.href === 'tel:0123456789'), `contact link: ${JSON.stringify(p.links)}`);
    assert(p.links.some((l) => l.href === PUBLISHER_FIELDS.legal && /Mentions légales|Legal notice/.test(l.text)), `legal notice link: ${JSON.stringify(p.links)}`);
    assert(!p.fingerprintInHeader, 'the fingerprint is not in the header');
    eq(p.summary, lang === 'fr' ? 'Comment vérifier que ce site est authentique\u202F?' : 'How to check that this site is genuine?', 'summary');
    assert(p.fingerprint && (p.sentence.match(/[.!?](\s|$)/g) || []).length === 1, `one sentence with the fingerprint: ${p.sentence}`);
    const brand = await page.evaluate(() => document.querySelector('header.site').textContent);
    assert(!/breachcheck/.test(brand), `the page header shows no software name: ${brand}`);
    await page.close();
  }
  // The insurer's page: its logo beside its name, first.
  const page = await openPage('/embed/insurer.html', { lang: 'fr' });
  const logo = await page.evaluate(() => {
    const el = document.querySelector('breach-check [slot=logo]');
    const header = document.querySelector('breach-check').shadowRoot.querySelector('header.intro .publisher');
    return el && el.assignedSlot && header.contains(el.assignedSlot);
  });
  assert(logo, 'insurer page: logo in the widget\'s header');
  await page.close();
});

// ------------------------------------------------------------------------------------------ 7. sources
test('sources: one Sources line per section, each source once; at most 6 Tab stops from the verdict to the next step', async () => {
  for (const [lang, size] of EVERY) {
    const page = await openPage('/', { lang, size: SIZES[size] });
    await fill(page, valid);
    await submit(page);
    const s = await widgetEval(page, (root) => {
      const result = [...root.querySelectorAll('.verdicts > .result')].pop();
      for (const d of result.querySelectorAll('details')) d.open = true;
      const lines = [...result.querySelectorAll('.sources-line')];
      const sections = lines.map((line) => line.parentElement);
      const names = lines.map((line) => line.textContent.replace(/^[^:]+:\s*/, '').split(' · '));
      const out = { markers: result.querySelectorAll('.cite').length, lines: lines.length,
        perSection: sections.map((sec) => sec.querySelectorAll(':scope > .sources-line').length),
        repeats: names.filter((n) => new Set(n).size !== n.length).map((n) => n.join(' · ')),
        links: [...result.querySelectorAll('.sources-line a')].map((a) => a.href) };
      for (const d of result.querySelectorAll('details')) d.open = false;
      return out;
    });
    eq(s.markers, 0, 'no numbered citation markers');
    assert(s.lines >= 3 && s.perSection.every((n) => n === 1), `one Sources line per section: ${JSON.stringify(s)}`);
    eq(s.repeats, [], 'each source once per line');
    assert(s.links.every((href) => href.startsWith('https://')), 'https links only');
    // Keyboard: from the verdict (focused after a check) to "check another family member".
    let stops = 0;
    let reached = false;
    for (; stops < 30 && !reached; ) {
      await page.keyboard.press('Tab');
      stops += 1;
      reached = await widgetEval(page, (root) => Boolean(root.activeElement && root.activeElement.matches('button.family')));
    }
    assert(reached && stops <= 6, `${lang} ${size}: ${stops} Tab stops from the verdict to "check another family member"`);
    console.log(`     measured ${lang} ${size}: ${stops} Tab stops from the verdict to the next step; ${s.lines} Sources lines`);
    await page.close();
  }
});

// ------------------------------------------------------------------------------------------ 8. family
function family() {
  const rows = fx.records;
  const matches = (r) => r.birthDate.slice(2, 4) === r.nir.slice(1, 3) && r.birthDate.slice(5, 7) === r.nir.slice(3, 5);
  for (const holder of rows) {
    if (!matches(holder) || !/^[12]\d{14}$/.test(holder.nir)) continue;
    const child = rows.find((r) => r.nir === holder.nir && !matches(r) && r.birthRank !== '2');
    if (child) return { holder, child };
  }
  throw new Error('no family in the synthetic list');
}

test('family: a summary line, one distinct name per person, twins marked; axe clean', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  fx.records = readFileSync(join(fx.dir, 'records.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const [nir, birthDate, birthRank] = line.split(',');
    return { nir, birthDate, birthRank };
  });
  const { holder, child } = family();
  for (const [lang, size] of EVERY) {
    const page = await openPage('/', { lang, size: SIZES[size] });
    await fill(page, holder);
    await submit(page);
    for (const [date, rank] of [[child.birthDate, ''], ['2012-03-03', '1'], ['2012-03-03', '2']]) {
      await page.click(`${W} >> button.family`);
      const c = parts(date);
      await page.fill(`${W} >> input.dob-day`, c.day);
      await page.fill(`${W} >> input.dob-month`, c.month);
      await page.fill(`${W} >> input.dob-year`, c.year);
      await page.fill(`${W} >> input.rank`, rank);
      await submit(page);
    }
    const f = await widgetEval(page, (root) => {
      const list = root.querySelector('.verdicts');
      const sections = [...list.querySelectorAll(':scope > .result')];
      const name = (el) => el.getAttribute('aria-labelledby').split(' ').map((id) => root.getElementById(id).textContent).join(' ');
      return { summary: (list.querySelector('.family-summary') || { textContent: '' }).textContent,
        first: list.firstElementChild.className,
        affected: sections.filter((s) => s.dataset.status === 'affected').length,
        names: sections.map(name), whos: sections.map((s) => s.querySelector('.who').textContent) };
    });
    const want = lang === 'fr' ? new RegExp(`^4 personnes vérifiées\u202F: (${f.affected === 0 ? 'aucune concernée' : `${f.affected} concernées?`})$`)
      : new RegExp(`^4 people checked: ${f.affected === 0 ? 'none' : f.affected} affected$`);
    assert(want.test(f.summary) && f.first === 'family-summary', `summary first: "${f.summary}"`);
    eq(new Set(f.names).size, 4, `one distinct name per person: ${f.names.join(' | ')}`);
    assert(/Personne 1 sur 4|Person 1 of 4/.test(f.names[0]), `numbered: ${f.names[0]}`);
    assert(lang === 'fr' ? /jumeaux, ordre de naissance 1/.test(f.whos[2]) && /jumeaux, ordre de naissance 2/.test(f.whos[3])
      : /twins, birth order 1/.test(f.whos[2]) && /twins, birth order 2/.test(f.whos[3]), `twins marked: ${f.whos.join(' | ')}`);
    eq(await axe(page), [], `axe family ${lang} ${size}`);
    await page.close();
  }
});

// ------------------------------------------------------------------------------------------ 9. first screen
async function beforeNir(page) {
  return page.evaluate(() => {
    const root = document.querySelector('breach-check').shadowRoot;
    const nir = root.querySelector('input.nir');
    const out = [];
    let done = false;
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (done) return;
        if (child === nir) { done = true; return; }
        if (child.nodeType === Node.TEXT_NODE) {
          const el = child.parentElement;
          if (el && shown(el) && !el.closest('.visually-hidden, [aria-hidden=true]')) out.push(child.textContent);
        } else if (child.nodeType === Node.ELEMENT_NODE && !['SCRIPT', 'STYLE', 'TITLE'].includes(child.tagName)) {
          if (child.tagName === 'BREACH-CHECK') {
            walk(root);
          } else if (child.tagName === 'SLOT') {
            for (const el of child.assignedElements()) walk(el);
          } else if (child.tagName !== 'DETAILS' || child.open) {
            walk(child);
          } else {
            const summary = child.querySelector('summary');
            if (summary) walk(summary);
          }
        }
      }
    };
    walk(document.body);
    const box = nir.getBoundingClientRect();
    return { text: out.join(' ').replace(/\s+/g, ' ').trim(), bottom: box.bottom + window.scrollY };
  });
}

test('first screen: the number field at 320x640, at 200% zoom on 1280x900, on the insurer page at 390x844; at most 60 words before it', async () => {
  const cases = [
    ['/', { width: 320, height: 640 }, 1], ['/', { width: 640, height: 450 }, 2], ['/', PHONE, 1],
    ['/embed/insurer.html', PHONE, 1],
  ];
  for (const lang of LANGS) {
    for (const [path, size, zoom] of cases) {
      if (path.includes('insurer') && lang === 'en') continue; // the insurer's page is in French
      const page = await context.newPage();
      // 200% zoom on a 1280x900 window: a 640x450 CSS-pixel viewport at device scale 2.
      await page.setViewportSize(size);
      await page.goto(`${server.origin}${path}?lang=${lang}`);
      await page.waitForSelector(`${W} >> input.nir`, { timeout: 15000 });
      const b = await beforeNir(page);
      const n = words(b.text);
      const label = `${lang} ${path} ${size.width}x${size.height}${zoom > 1 ? ' (1280x900 at 200%)' : ''}`;
      console.log(`     measured ${label}: number field bottom ${Math.round(b.bottom)} px, ${n} words before it`);
      assert(b.bottom <= size.height, `${label}: number field below the first screen (${Math.round(b.bottom)} > ${size.height})`);
      assert(n <= 60, `${label}: ${n} words before the number field: ${b.text}`);
      await page.close();
    }
  }
});

// ------------------------------------------------------------------------------------------ 12. language
test('language: curly apostrophes in rendered French; no untagged French on English pages; "Français" tagged', async () => {
  for (const [lang, size] of EVERY) {
    await eachState(lang, size, async (page, state) => {
      const found = await page.evaluate((pageLang) => {
        const root = document.querySelector('breach-check').shadowRoot;
        const opened = [...root.querySelectorAll('details:not([open])')].filter((d) => !d.matches('.precheck'));
        for (const d of opened) d.open = true;
        const straight = [];
        const untagged = [];
        const FRENCH = /\b(carte Vitale|attestation de droits|ayants? droits?|tiers payant|données|organismes?|complémentaires?|synthétiques|Démo|courrier|concernée?s?)\b/;
        const walk = (node) => {
          for (const child of node.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) {
              const el = child.parentElement;
              const langOf = el && el.closest('[lang]') ? el.closest('[lang]').getAttribute('lang')
                : (el && el.getRootNode() === root ? root.querySelector('.widget').getAttribute('lang') : document.documentElement.lang);
              const text = child.textContent;
              if (langOf === 'fr' && text.includes("'")) straight.push(text.trim().slice(0, 80));
              if (langOf === 'en' && FRENCH.test(text)) untagged.push(text.trim().slice(0, 80));
            } else if (child.nodeType === Node.ELEMENT_NODE && !['SCRIPT', 'STYLE', 'CODE'].includes(child.tagName)
              && !(child.matches && child.matches('details.precheck'))) {
              if (child.tagName === 'BREACH-CHECK') walk(root);
              walk(child);
            }
          }
        };
        walk(document.body);
        for (const d of opened) d.open = false;
        const fr = document.querySelector('button.lang[data-lang=fr]');
        return { straight, untagged, frButton: fr ? fr.getAttribute('lang') : 'none' };
      }, lang);
      eq(found.straight, [], `${lang} ${size} ${state}: straight apostrophes in French`);
      eq(found.untagged, [], `${lang} ${size} ${state}: untagged French on an English page`);
      if (found.frButton !== 'none') eq(found.frButton, 'fr', '"Français" button tagged lang="fr"');
    });
  }
});

// ---------------------------------------------------------------------------------------------- runner
const { passed, failed } = await runTests(tests, filter);
await context.close();
await stopServer(server);
console.log(`e2e words: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e words: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
