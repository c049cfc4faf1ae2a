// SPDX-License-Identifier: MPL-2.0
// Only embed/frame.html may be framed by another site (docs/SECURITY.md, Findings, "frame-ancestors"): the other
// pages are sent with `Content-Security-Policy: ... frame-ancestors 'self'` by scripts/serve.mjs (a <meta> CSP
// cannot carry frame-ancestors). A page on another origin frames index.html, embed/insurer.html and
// embed/frame.html: the first two are refused by the browser, the frame shows the widget. Registered into
// tests/e2e/run.mjs.
import { createServer } from 'node:http';
import { W, assert, eq } from './widget-page.mjs';

export function registerFramingTests({ test, context, publisherOrigin }) {
  test('frame-ancestors: index.html and insurer.html refuse a cross-origin frame, embed/frame.html is allowed', async () => {
    const paths = ['/', '/embed/insurer.html', '/embed/frame.html'];
    const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head><body>' +
      paths.map((p, i) => `<iframe name="f${i}" title="f${i}" src="${publisherOrigin()}${p}" width="600" height="400"></iframe>`).join('') +
      '</body></html>';
    const server = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
    await new Promise((resolve) => server.listen(0, 'localhost', resolve));
    const page = await context.newPage();
    const refusals = [];
    page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refusals.push(m.text()); });
    try {
      await page.goto(`http://localhost:${server.address().port}/`);
      await page.frame('f2').waitForSelector(`${W} >> form.check`, { timeout: 20000 });
      const shows = [];
      for (let i = 0; i < paths.length; i += 1) {
        const frame = page.frame(`f${i}`);
        shows.push(await frame.evaluate(() => Boolean(document.querySelector('breach-check'))).catch(() => false));
      }
      eq(shows, [false, false, true], `the widget shows in each frame (${paths.join(', ')})`);
      assert(refusals.length >= 2, `the browser says why, for each refused frame (${refusals.join(' | ')})`);
    } finally {
      await page.close();
      server.close();
    }
  });
}
