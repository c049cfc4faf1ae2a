// SPDX-License-Identifier: MPL-2.0
// The rollback floor in the browser (docs/SECURITY.md, finding 8): the shipped pages forward `minVersion` from the page
// configuration (data/demo-config.js) and the element takes `min-version`; a list older than the floor is
// integrity_error (dataset_version), a malformed floor is a configuration error shown in place of the widget,
// with nothing fetched. Registered into tests/e2e/run.mjs, which provides the fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { W, assert, eq, watchConsole, waitOutcome, axe } from './widget-page.mjs';

/** Registers the tests. `ctx`: {test, fx, context, publisherOrigin()} from run.mjs. */
export function registerMinVersionTests({ test, fx, context, publisherOrigin }) {
  const version = fx.info.datasetVersion;
  const generated = JSON.parse(/self\.BREACHCHECK_CONFIG = (\{[^]*\});/.exec(readFileSync(join(fx.site, 'data/demo-config.js'), 'utf8'))[1]);

  // Opens PATH, optionally with demo-config.js replaced by `config`; records the requests for data and engine.
  async function open(path, config = null) {
    const page = await context.newPage();
    const logged = watchConsole(page);
    // This suite's context blocks service workers (index.html registers one): Playwright says so, harmlessly.
    const consoleProblems = () => logged.filter((e) => !/Service Worker registration blocked/.test(e));
    const fetched = [];
    page.on('request', (req) => { if (/\.(bcd|wasm)$|worker\.js$/.test(new URL(req.url()).pathname)) fetched.push(req.url()); });
    if (config) {
      await page.route('**/data/demo-config.js', (route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8',
        body: `self.BREACHCHECK_CONFIG = ${JSON.stringify({ ...generated, ...config })};\n` }));
    }
    await page.goto(`${publisherOrigin()}${path}`);
    return { page, consoleProblems, fetched };
  }

  test('min-version: the generated page config pins the demo list\'s own version; the pages load with it', async () => {
    eq(generated.minVersion, version, 'demo-config.js minVersion = the data set version');
    for (const path of ['/', '/embed/frame.html']) {
      const { page, consoleProblems } = await open(path);
      await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
      eq(await page.evaluate(() => document.querySelector('breach-check').getAttribute('min-version')), String(version), `${path}: forwarded`);
      eq(consoleProblems(), [], `${path}: console`);
      await page.close();
    }
  });

  test('min-version above the list\'s version -> integrity_error (dataset_version): attribute and page config', async () => {
    const floor = String(version + 1);
    const cases = [['/test/widget.html?min-version=' + floor, null], ['/', { minVersion: version + 1 }],
      ['/embed/frame.html', { minVersion: version + 1 }]];
    for (const [path, config] of cases) {
      const { page } = await open(path, config);
      const got = await waitOutcome(page);
      eq(got.status, 'integrity_error', `${path}: status`);
      assert(got.code.includes('dataset_version'), `${path}: code ${got.code}`);
      eq(await page.locator(`${W} >> form.check`).count(), 0, `${path}: no form, no check possible`);
      await page.close();
    }
  });

  test('malformed min-version -> configuration error (min_version_invalid), nothing fetched, FR and EN', async () => {
    const cases = [];
    for (const bad of ['abc', '-1', '1.5', '1e3']) cases.push([`/test/widget.html?min-version=${encodeURIComponent(bad)}`, null]);
    cases.push(['/', { minVersion: 'abc' }], ['/embed/frame.html', { minVersion: -1 }], ['/embed/frame.html?lang=en', { minVersion: '1.5' }],
      ['/embed/insurer.html', { minVersion: '1e3' }]);
    for (const [path, config] of cases) {
      const { page, consoleProblems, fetched } = await open(path, config);
      const got = await waitOutcome(page);
      eq(got.status, 'config_error', `${path} ${JSON.stringify(config)}: status`);
      assert(got.code.includes('min_version_invalid'), `${path}: code ${got.code}`);
      const english = path.includes('lang=en');
      assert((english ? /not set up correctly/ : /mal configurée/).test(got.text) && got.text.includes('min-version'),
        `${path}: localized message: ${got.text}`);
      eq(await page.locator(`${W} >> form.check`).count(), 0, `${path}: no form`);
      eq(fetched, [], `${path}: neither the list nor the engine is fetched`);
      eq(consoleProblems(), [], `${path}: console`);
      if (path === '/') eq(await axe(page), [], `${path}: axe-core`); // a whole page (frame.html is meant to be framed: no h1)
      await page.close();
    }
  });
}
