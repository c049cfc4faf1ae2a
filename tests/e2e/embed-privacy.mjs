// SPDX-License-Identifier: MPL-2.0
// What a third-party page can observe of the embedded self-check must not depend on the outcome
// (docs/EMBEDDING.md, "What the host page sees"). A host page on ANOTHER origin (localhost vs the publisher's
// 127.0.0.1) embeds the frame, in both forms (one-line script, plain iframe), and records everything it can see:
// every message event, the iframe's box (ResizeObserver and final rectangle), its own scroll position and scroll
// events, focus and resize events. The same steps run for affected, not_found, invalid_input and unavailable at a
// phone width (390x844) and a desktop width (1280x900); what the host saw from the moment "Check" is pressed must be
// identical across the four outcomes. Registered into tests/e2e/run.mjs, which provides the fixtures.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopServer } from './harness.mjs';
import { W, assert, eq, watchConsole, fill, waitOutcome } from './widget-page.mjs';

const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1280, height: 900 }];
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';

// Host-side recorder, installed before any host script runs. Strings only, so runs compare with JSON.
function recordHostObservations() {
  const seen = [];
  window.__hostSaw = seen;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return `${r.left},${r.top + window.scrollY} ${r.width}x${r.height}`;
  };
  window.addEventListener('message', (event) => seen.push(`message ${event.origin} ${JSON.stringify(event.data)}`));
  window.addEventListener('scroll', () => seen.push(`scroll ${window.scrollX},${window.scrollY}`));
  window.addEventListener('resize', () => seen.push(`resize ${window.innerWidth}x${window.innerHeight}`));
  window.addEventListener('focus', () => seen.push('focus'));
  window.addEventListener('blur', () => seen.push('blur'));
  const watched = new WeakSet();
  const resized = new ResizeObserver((entries) => { for (const e of entries) seen.push(`box ${box(e.target)}`); });
  new MutationObserver(() => {
    for (const frame of document.querySelectorAll('iframe')) {
      if (!watched.has(frame)) { watched.add(frame); resized.observe(frame); }
    }
  }).observe(document, { childList: true, subtree: true });
  window.__hostState = () => {
    const frame = document.querySelector('iframe');
    return { box: box(frame), scroll: `${window.scrollX},${window.scrollY}`, active: document.activeElement.tagName };
  };
}

function writeHostPages(dir, publisherOrigin) {
  mkdirSync(dir, { recursive: true });
  const filler = Array.from({ length: 30 }, (_, i) => `<p>Paragraphe ${i + 1} de l'article, après l'outil.</p>`).join('\n');
  const page = (embed) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article tiers</title><link rel="icon" href="icon.svg"></head>
<body><main><h1>Article tiers</h1><p>Introduction de l'article.</p>
${embed}
${filler}
</main></body></html>`;
  writeFileSync(join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  writeFileSync(join(dir, 'one-line.html'), page(`<script src="${publisherOrigin}/dist/embed.js" data-lang="fr" async></script>`));
  writeFileSync(join(dir, 'plain.html'), page(`<iframe src="${publisherOrigin}/embed/frame.html" title="Vérifier si mes données font partie de la fuite Viamedis / Almérys" width="100%" height="640" loading="lazy" referrerpolicy="no-referrer" sandbox="${SANDBOX}"></iframe>`));
}

const nextFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/**
 * Registers the tests. `ctx`: {test, fx, context, publisherOrigin(), setFault(mode, count)} from run.mjs.
 */
export function registerEmbedPrivacyTests({ test, fx, context, publisherOrigin, setFault }) {
  const valid = fx.ids.self;
  const badKey = `${valid.nir.slice(0, 13)}${valid.nir.slice(13) === '01' ? '02' : '01'}`;
  const OUTCOMES = [
    { status: 'affected', input: valid },
    { status: 'not_found', input: fx.ids.notFound },
    { status: 'invalid_input', input: { ...valid, nir: badKey } }, // same length: same layout before submit
    { status: 'unavailable', input: valid, fault: '500' },
  ];

  // One run: load the host page, fill the form, put the submit button near the bottom of the host's screen
  // (so anything that scrolls a result into view would have to move the host page), press Check, wait.
  async function observe(hostOrigin, form, viewport, outcome) {
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.setViewportSize(viewport);
    await page.addInitScript(recordHostObservations);
    try {
      await page.goto(`${hostOrigin}/${form}.html`);
      const frameEl = await page.waitForSelector('iframe');
      const frame = await frameEl.contentFrame();
      await frame.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
      if (form === 'one-line') {
        await page.waitForFunction(() => document.querySelector('iframe').style.height !== '900px', null, { timeout: 10000 });
      }
      await page.waitForTimeout(300); // let the loaded widget's height settle
      const beforeActions = await page.evaluate(() => ({ seen: [...window.__hostSaw], state: window.__hostState() }));
      await fill(frame, outcome.input);
      const button = await frame.$(`${W} >> button.primary[type=submit]`);
      const b = await button.boundingBox(); // in the host's viewport
      await page.evaluate((y) => window.scrollBy(0, y), Math.round(b.y + b.height - viewport.height + 40));
      await nextFrames(page);
      const before = await page.evaluate(() => ({ mark: window.__hostSaw.length, state: window.__hostState() }));
      if (outcome.fault) await setFault(outcome.fault, 1);
      try {
        await button.click();
        const got = await waitOutcome(frame);
        eq(got.status, outcome.status, `${form} ${viewport.width}: outcome`);
        await page.waitForTimeout(700); // anything late (resize observers, messages) arrives by then
        await nextFrames(page);
      } finally {
        if (outcome.fault) await setFault('none');
      }
      const after = await page.evaluate((mark) => ({ seen: window.__hostSaw.slice(mark), state: window.__hostState() }), before.mark);
      // For the person: the focused verdict / error summary is on their screen, although the host did not move.
      const shown = await frame.evaluate(() => {
        const active = document.querySelector('breach-check').shadowRoot.activeElement;
        const r = active ? active.getBoundingClientRect() : null;
        return r ? { top: r.top, bottom: r.bottom, frameHeight: window.innerHeight } : null;
      });
      assert(shown, `${form} ${viewport.width} ${outcome.status}: focus moved to the outcome`);
      const { frameTop, scrollY } = await page.evaluate(() => ({
        frameTop: document.querySelector('iframe').getBoundingClientRect().top + window.scrollY, scrollY: window.scrollY }));
      const onScreen = { top: frameTop + shown.top - scrollY, bottom: frameTop + shown.bottom - scrollY };
      assert(onScreen.top >= 0 && onScreen.bottom <= viewport.height,
        `${form} ${viewport.width} ${outcome.status}: focused element on screen (${Math.round(onScreen.top)}..${Math.round(onScreen.bottom)} of ${viewport.height})`);
      shown.onScreen = Math.round(onScreen.top);
      // The frame's console shows up here too; the injected 500 is logged by the browser, as it should be.
      const unexpected = errors.filter((e) => !(outcome.fault && /Failed to load resource.* 500 /.test(e)));
      eq(unexpected, [], `${form} ${viewport.width} ${outcome.status}: console`);
      return { beforeActions, before: before.state, after, shown };
    } finally {
      await page.close();
    }
  }

  for (const form of ['one-line', 'plain']) {
    test(`embed privacy (${form}): a cross-origin host sees the same messages, box and scroll for every outcome`, async () => {
      const dir = join(fx.dir, `host-${form}`);
      writeHostPages(dir, publisherOrigin());
      const host = await startServer(dir, ['--allow-origin', publisherOrigin()]);
      const hostOrigin = host.origin.replace('127.0.0.1', 'localhost'); // another origin (and site) than the frame
      try {
        for (const viewport of VIEWPORTS) {
          const runs = [];
          for (const outcome of OUTCOMES) runs.push({ status: outcome.status, ...(await observe(hostOrigin, form, viewport, outcome)) });
          const label = `${form} ${viewport.width}x${viewport.height}`;
          // The recorder works: the frame's height messages reach the host before anything is done.
          const heights = runs[0].beforeActions.seen.filter((s) => s.startsWith('message '));
          assert(heights.length > 0, `${label}: the host page records the frame's messages`);
          for (const text of heights) assert(/^message http:\/\/127\.0\.0\.1:\d+ \{"type":"breachcheck:height","height":\d+\}$/.test(text), `${label}: message shape ${text}`);
          for (const run of runs.slice(1)) {
            eq(run.before, runs[0].before, `${label}: ${run.status} vs ${runs[0].status}, host state when Check is pressed`);
          }
          for (const run of runs.slice(1)) {
            eq(run.after, runs[0].after, `${label}: ${run.status} vs ${runs[0].status}, what the host observed after Check`);
          }
          console.log(`     ${label}: box ${runs[0].after.state.box}, scroll ${runs[0].after.state.scroll}, ` +
            `${runs[0].after.seen.length} host events after Check; focused element at screen y ${runs.map((r) => `${r.status} ${r.shown.onScreen}`).join(', ')}`);
        }
      } finally {
        await stopServer(host);
      }
    });
  }
}
