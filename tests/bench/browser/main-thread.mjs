// SPDX-License-Identifier: MPL-2.0
// Main-thread mode of tests/bench/browser-bench.mjs: the <breach-check> element on a blank
// page, the form filled, then with the CPU throttled 4x (Chrome DevTools Protocol,
// Emulation.setCPUThrottlingRate) "Vérifier" is pressed and every main-thread long task (PerformanceObserver
// 'longtask', > 50 ms) between the press and the verdict's first paint is recorded. Fresh context per run;
// `--reps` runs per verdict (affected, not found), on the light data set (8 MiB, t=1: the Argon2id runs in the
// worker either way; a light one keeps the run short).
import { identity, median, ms, startBench } from './setup.mjs';
import { fill, markSeen } from '../../e2e/widget-page.mjs';

// In the page: press the button, then resolve once the new verdict has been painted (two animation frames after
// it is in the DOM), with the long tasks that overlap [press, painted].
const PRESS_AND_WATCH = `
  window.__pressAndWatch = () => new Promise((resolve) => {
    const root = document.querySelector('breach-check').shadowRoot;
    const tasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ type: 'longtask' });
    const pressed = performance.now();
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => {
      const painted = performance.now();
      // Long-task entries are delivered after the task ends: give the observer a moment.
      setTimeout(() => {
        observer.disconnect();
        resolve({ total: painted - pressed, tasks: tasks.filter((t) => t.start + t.duration > pressed && t.start < painted)
          .map((t) => ({ start: t.start - pressed, duration: t.duration })) });
      }, 200);
    }));
    const mutations = new MutationObserver(() => {
      const fresh = root.querySelector('.result:not([data-seen])');
      if (fresh && fresh.querySelector('.verdict')) { mutations.disconnect(); done(); }
    });
    mutations.observe(root, { childList: true, subtree: true });
    root.querySelector('button.primary[type=submit]').click();
  });`;

export async function runMainThread({ site, d, publicKey, option }) {
  const REPS = Number(option('--reps', 5));
  const RATE = Number(option('--throttle', 4));
  const bench = await startBench(site);
  const chromiumVersion = bench.browser.version();
  const runs = { affected: [], not_found: [] };
  try {
    for (let rep = 0; rep < REPS; rep += 1) {
      for (const [status, who] of [['affected', d.affected], ['not_found', d.notFound]]) {
        const fresh = await bench.freshPage();
        const { page } = fresh;
        await page.evaluate(async ([dataset, key]) => {
          await import('/dist/breachcheck.mjs');
          const el = document.createElement('breach-check');
          el.setAttribute('src', dataset);
          el.setAttribute('publisher-key', key);
          el.setAttribute('allow-weak-kdf', '');
          el.setAttribute('lang', 'fr');
          document.body.append(el);
        }, [`/data/${d.name}.bcd`, publicKey]);
        await page.waitForSelector('breach-check >> input.nir', { timeout: 20000 });
        const id = identity(who);
        await fill(page, { nir: id.nir, birthDate: id.birthDate, rank: id.birthRank === '1' ? '' : id.birthRank });
        await markSeen(page);
        await page.evaluate(PRESS_AND_WATCH);
        const cdp = await fresh.context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
        const got = await page.evaluate(() => window.__pressAndWatch());
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        const shown = await page.evaluate(() => document.querySelector('breach-check').shadowRoot
          .querySelector('.result:not([data-seen])').dataset.status);
        if (shown !== status) throw new Error(`verdict ${shown}, expected ${status}`);
        if (fresh.errors.length) throw new Error(`page errors: ${fresh.errors.join('; ')}`);
        runs[status].push(got);
        await fresh.context.close();
      }
    }
  } finally {
    await bench.stop();
  }
  const out = [];
  const p = (line = '') => out.push(line);
  p(`### Main thread from "Vérifier" to the painted verdict, CPU throttled ${RATE}x (${d.label})`);
  p();
  p(`Headless Chromium ${chromiumVersion}; ${REPS} fresh contexts per verdict; long tasks from ` +
    "PerformanceObserver('longtask') between the press and two animation frames after the verdict is in the DOM.");
  p();
  p('| verdict | press -> painted (median) | long tasks > 50 ms per run (median, max) | longest task (median of runs, max) | target 4 (none > 50 ms) |');
  p('|---|---:|---:|---:|---|');
  for (const [status, list] of Object.entries(runs)) {
    const counts = list.map((r) => r.tasks.length);
    const longest = list.map((r) => Math.max(0, ...r.tasks.map((t) => t.duration)));
    p(`| ${status} | ${ms(median(list.map((r) => r.total)))} | ${median(counts)}, ${Math.max(...counts)} | ` +
      `${ms(median(longest))}, ${ms(Math.max(...longest))} | ${Math.max(...longest) <= 50 ? 'met' : 'not met'} |`);
  }
  p();
  p('Every long task seen (start after the press, duration), per run: ' + Object.entries(runs).map(([s, list]) =>
    `${s}: ${list.map((r) => `[${r.tasks.map((t) => `${Math.round(t.start)}+${Math.round(t.duration)}`).join(', ')}]`).join(' ')}`).join('; '));
  return out;
}
