// SPDX-License-Identifier: MPL-2.0
// The element's attribute and property surface, on the built ES module (dist/breachcheck.mjs) in a
// page that configures nothing itself (fixtures/element.html): `src` and its older alias `dataset` (one console
// warning), a camelCase property for every attribute (what React 19, Preact and Vue set), an element without a
// data set (a message in place of the widget, FR and EN, and one console warning), the result event under both
// names, and the demo's build printing the element snippet with the real publisher key. Registered into
// tests/e2e/run.mjs, which provides the fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { W, assert, eq, watchConsole, fill, submit, waitOutcome } from './widget-page.mjs';

/** Registers the tests. `ctx`: {test, fx, context, publisherOrigin()} from run.mjs. */
export function registerElementApiTests({ test, fx, context, publisherOrigin }) {
  // The fixture page with the module loaded and the demo's configuration in self.BREACHCHECK_CONFIG.
  async function open() {
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${publisherOrigin()}/test/element.html`);
    await page.waitForFunction(() => customElements.get('breach-check'));
    return { page, problems };
  }

  const warningsAbout = (problems, word) => problems.filter((p) => p.startsWith('warning: breachcheck-widget:') && p.includes(word));

  test('element: properties only (src, publisherKey, allowWeakKdf, lang, resultEvent) check to the verdict; both result events', async () => {
    const { page, problems } = await open();
    const reflected = await page.evaluate(() => {
      const config = self.BREACHCHECK_CONFIG;
      const el = document.createElement('breach-check');
      // What a property-first framework does: properties, never setAttribute.
      el.src = new URL(config.dataset, new URL('../', location.href)).href;
      el.publisherKey = config.publisherKey;
      el.minVersion = config.minVersion;
      el.allowWeakKdf = config.allowWeakKdf;
      el.lang = 'en';
      el.resultEvent = true;
      el.headingLevel = 3;
      el.publisherContact = 'tel:01 23 45 67 89';
      el.hidePrecheck = true;
      self.__events = [];
      for (const type of ['breachcheck:result', 'breachcheckresult']) {
        document.addEventListener(type, (event) => self.__events.push([type, JSON.stringify(event.detail)]));
      }
      document.getElementById('slot').append(el);
      const attributes = Object.fromEntries(el.getAttributeNames().map((n) => [n, el.getAttribute(n)]));
      return { attributes, props: { src: el.src === attributes.src, minVersion: el.minVersion, lang: el.lang,
        resultEvent: el.resultEvent, hidePrecheck: el.hidePrecheck, headingLevel: el.headingLevel,
        dataset: el.dataset instanceof DOMStringMap } };
    });
    eq(Object.keys(reflected.attributes).sort(), ['allow-weak-kdf', 'heading-level', 'hide-precheck', 'lang', 'min-version',
      'publisher-contact', 'publisher-key', 'result-event', 'src'], 'each property wrote its attribute');
    eq(reflected.props, { src: true, minVersion: String(fx.info.datasetVersion), lang: 'en', resultEvent: true, hidePrecheck: true,
      headingLevel: '3', dataset: true }, 'properties read their attributes; dataset is still HTMLElement\'s');
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    eq(await page.locator(`${W} >> h3.title`).count(), 1, 'headingLevel applied');
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'verdict');
    eq(await page.evaluate(() => self.__events), [['breachcheck:result', '{"status":"affected"}'],
      ['breachcheckresult', '{"status":"affected"}']], 'both events, status only');
    // Turning the opt-in off through its property stops both events.
    await page.evaluate(() => { document.querySelector('breach-check').resultEvent = false; self.__events = []; });
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'second verdict');
    eq(await page.evaluate(() => self.__events), [], 'no event once resultEvent is false');
    eq(problems, [], 'console');
    await page.close();
  });

  test('element: properties set before the element is defined (an upgrade) still reach the attributes', async () => {
    const page = await context.newPage();
    const problems = watchConsole(page);
    // The same page without the module: the element is created and given properties while still undefined.
    await page.route('**/dist/breachcheck.mjs', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    await page.goto(`${publisherOrigin()}/test/element.html`);
    await page.evaluate(() => {
      const config = self.BREACHCHECK_CONFIG;
      const el = document.createElement('breach-check');
      el.src = new URL(config.dataset, new URL('../', location.href)).href;
      el.publisherKey = config.publisherKey;
      el.allowWeakKdf = config.allowWeakKdf;
      el.lang = 'en';
      document.getElementById('slot').append(el);
    });
    await page.unroute('**/dist/breachcheck.mjs');
    // A new URL (the empty module above is cached under the first one).
    await page.evaluate(() => import(new URL('../dist/breachcheck.mjs?after-properties', location.href).href));
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    eq(await page.evaluate(() => document.querySelector('breach-check').getAttribute('publisher-key') !== null), true, 'key reflected');
    eq(problems, [], 'console');
    await page.close();
  });

  test('element: the older "dataset" attribute still works, with one console warning for the page', async () => {
    const { page, problems } = await open();
    await page.evaluate(() => {
      const config = self.BREACHCHECK_CONFIG;
      for (let i = 0; i < 2; i += 1) {
        const el = document.createElement('breach-check');
        el.setAttribute('dataset', new URL(config.dataset, new URL('../', location.href)).href);
        el.setAttribute('publisher-key', config.publisherKey);
        el.toggleAttribute('allow-weak-kdf', config.allowWeakKdf);
        document.getElementById('slot').append(el);
      }
    });
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    eq(await page.evaluate(() => [...document.querySelectorAll('breach-check')].map((el) => el.src === el.getAttribute('dataset'))),
      [true, true], 'src reads the alias');
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'verdict through the alias');
    eq(warningsAbout(problems, '"dataset" attribute').length, 1, `one warning for two elements (${problems.join(' | ')})`);
    eq(problems.length, 1, `nothing else in the console (${problems.join(' | ')})`);
    await page.close();
  });

  test('element: no data set -> a message in place of the widget (FR, EN) and one console warning; src later loads it', async () => {
    const { page, problems } = await open();
    await page.evaluate(() => {
      for (const lang of ['fr', 'en']) {
        const el = document.createElement('breach-check');
        el.lang = lang;
        el.publisherKey = self.BREACHCHECK_CONFIG.publisherKey;
        document.getElementById('slot').append(el);
      }
    });
    // Nothing is said during the grace period (a page may still be fetching its configuration).
    eq(await page.evaluate(() => document.querySelector('breach-check').shadowRoot.textContent), '', 'quiet at first');
    await page.waitForFunction(() => [...document.querySelectorAll('breach-check')]
      .every((el) => el.shadowRoot.querySelector('[data-code=src_missing]')), null, { timeout: 10000 });
    const texts = await page.evaluate(() => [...document.querySelectorAll('breach-check')]
      .map((el) => el.shadowRoot.querySelector('.result').textContent));
    assert(/mal configurée/.test(texts[0]) && texts[0].includes('src'), `French message: ${texts[0]}`);
    assert(/not set up correctly/.test(texts[1]) && texts[1].includes('src'), `English message: ${texts[1]}`);
    eq(warningsAbout(problems, 'no src attribute').length, 1, `one warning for two elements (${problems.join(' | ')})`);
    // Setting the data set afterwards replaces the message with the widget.
    await page.evaluate(() => {
      const config = self.BREACHCHECK_CONFIG;
      const el = document.querySelector('breach-check');
      el.allowWeakKdf = config.allowWeakKdf;
      el.src = new URL(config.dataset, new URL('../', location.href)).href;
    });
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    eq(await page.evaluate(() => Boolean(document.querySelector('breach-check').shadowRoot.querySelector('[data-code=src_missing]'))),
      false, 'message gone once src is set');
    await page.close();
  });

  test('element: a page that sets src from its own configuration (the demo pages) never shows the message or warns', async () => {
    for (const path of ['/', '/embed/frame.html', '/embed/insurer.html']) {
      const page = await context.newPage();
      const problems = watchConsole(page);
      await page.goto(`${publisherOrigin()}${path}`);
      await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
      await page.waitForTimeout(2500); // past the grace period
      eq(await page.locator(`${W} >> [data-code=src_missing]`).count(), 0, `${path}: no message`);
      eq(problems.filter((p) => p.includes('breachcheck-widget')), [], `${path}: no warning`);
      await page.close();
    }
    // The offline page (file://) waits for its file picker: setDataset(null), so no message and no warning either.
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(pathToFileURL(join(fx.site, 'index.html')).href);
    await page.waitForFunction(() => customElements.get('breach-check'));
    await page.waitForTimeout(3000);
    eq(await page.locator(`${W} >> [data-code=src_missing]`).count(), 0, 'file://: no message while the picker is empty');
    eq(problems, [], 'file://: console');
    await page.close();
  });

  test('element: the demo build prints the element snippet with the real publisher key, not a placeholder', async () => {
    const printed = readFileSync(join(fx.dir, 'build-web.log'), 'utf8');
    const line = printed.split('\n').find((l) => l.includes('<breach-check '));
    assert(line, `no element snippet in:\n${printed}`);
    assert(line.includes(`publisher-key="${fx.publicKey}"`), `snippet without the key: ${line}`);
    assert(!line.includes('BASE64_PUBLIC_KEY') && line.includes(' src="'), `snippet: ${line}`);
  });
}
