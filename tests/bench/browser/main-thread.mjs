// SPDX-License-Identifier: MPL-2.0
// Main-thread mode of tests/bench/browser-bench.mjs: the <breach-check> element on a blank page, the CPU throttled
// 4x (Chrome DevTools Protocol, Emulation.setCPUThrottlingRate) from before the widget's module is imported to the
// painted verdict, with one core kept busy by another process (a Node busy loop started here, `--busy-core 0` to
// leave it out). Every main-thread long task (PerformanceObserver 'longtask', > 50 ms) is recorded and placed in
// its phase: load (the import, the element, the header, until the form is there), typing (the fields filled, as
// Playwright types), check ("Vérifier" pressed to the verdict's first paint). Each is attributed with the long
// animation frame that holds it ('long-animation-frame': the scripts that ran, by function and file, and the
// style and layout time). Fresh context per run; `--reps` runs per verdict (affected, not found), on the light
// data set (8 MiB, t=1: the Argon2id runs in the worker either way; a light one keeps the run short).
import { spawn } from 'node:child_process';
import { identity, median, ms, startBench } from './setup.mjs';
import { markSeen } from '../../e2e/widget-page.mjs';

// In the page, before anything of the widget: collect long tasks and long animation frames (buffered, so nothing
// is missed between two reads), and mark the phases.
const WATCH = `
  window.__long = { tasks: [], frames: [], marks: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const end = e.startTime + e.duration;
        window.__long.frames.push({ start: e.startTime, duration: e.duration,
          styleLayout: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
          scripts: e.scripts.map((s) => ({ invoker: s.invoker, fn: s.sourceFunctionName || '',
            file: String(s.sourceURL || '').split('/').pop().split('?')[0], duration: s.duration,
            forcedStyleLayout: s.forcedStyleAndLayoutDuration })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
  window.__mark = (name) => { window.__long.marks[name] = performance.now(); };`;

// Press, then resolve once the new verdict has been painted (two animation frames after it is in the DOM).
const PRESS = `
  window.__press = () => new Promise((resolve) => {
    const root = document.querySelector('breach-check').shadowRoot;
    window.__mark('pressed');
    const mutations = new MutationObserver(() => {
      const fresh = root.querySelector('.result:not([data-seen])');
      if (fresh && fresh.querySelector('.verdict')) {
        mutations.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__mark('painted'); resolve(); }));
      }
    });
    mutations.observe(root, { childList: true, subtree: true });
    root.querySelector('button.primary[type=submit]').click();
  });`;

const PHASES = ['load', 'typing', 'check'];

// Typed as a person types, key by key (DevTools input events), each field focused from the page.
async function type(page, { nir, birthDate, rank }) {
  const [year, month, day] = birthDate.split('-');
  for (const [field, value] of [['nir', nir], ['dob-day', day], ['dob-month', month], ['dob-year', year], ['rank', rank]]) {
    await page.evaluate((name) => document.querySelector('breach-check').shadowRoot.querySelector(`input.${name}`).focus(), field);
    if (value) await page.keyboard.type(value, { delay: 30 });
  }
}

// The phase a task belongs to: where it starts, except the press (in the task that pressed: the check's).
function phaseOf(task, marks) {
  if (task.start + task.duration > marks.pressed) return 'check';
  return task.start < marks.ready ? 'load' : 'typing';
}

// The long animation frame holding a task, summarised: its heaviest scripts and its style and layout time.
function attribution(task, frames) {
  const frame = frames.find((f) => f.start <= task.start + 1 && f.start + f.duration >= task.start + task.duration - 1);
  if (!frame) return 'no frame entry';
  const scripts = [...frame.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3)
    .map((s) => `${s.invoker}${s.fn && !s.invoker.includes(s.fn) ? ` ${s.fn}` : ''} (${s.file || 'no file'}) ${Math.round(s.duration)} ms` +
      (s.forcedStyleLayout >= 5 ? `, forced style/layout ${Math.round(s.forcedStyleLayout)} ms` : ''));
  return `${scripts.join('; ') || 'no script'}; style+layout ${Math.round(frame.styleLayout)} ms`;
}

export async function runMainThread({ site, d, publicKey, option }) {
  const REPS = Number(option('--reps', 5));
  const RATE = Number(option('--throttle', 4));
  const BUSY = Number(option('--busy-core', 1)) > 0;
  const busy = BUSY ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
  const bench = await startBench(site);
  const chromiumVersion = bench.browser.version();
  const runs = { affected: [], not_found: [] };
  try {
    for (let rep = 0; rep < REPS; rep += 1) {
      for (const [status, who] of [['affected', d.affected], ['not_found', d.notFound]]) {
        const fresh = await bench.freshPage();
        const { page } = fresh;
        await page.evaluate(WATCH);
        await page.evaluate(PRESS);
        const cdp = await fresh.context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
        await page.evaluate(async ([dataset, key]) => {
          window.__mark('import');
          await import('/dist/breachcheck.mjs');
          const el = document.createElement('breach-check');
          el.setAttribute('src', dataset);
          el.setAttribute('publisher-key', key);
          el.setAttribute('allow-weak-kdf', '');
          el.setAttribute('lang', 'fr');
          document.body.append(el);
        }, [`/data/${d.name}.bcd`, publicKey]);
        // Waited for in the page (Playwright's own selector polling would add tasks of its own to the page).
        await page.evaluate(() => new Promise((resolve) => {
          const formShown = () => {
            const root = document.querySelector('breach-check').shadowRoot;
            return root && root.querySelector('input.nir');
          };
          if (formShown()) { window.__mark('ready'); resolve(); return; }
          const watch = new MutationObserver(() => {
            if (formShown()) { watch.disconnect(); window.__mark('ready'); resolve(); }
          });
          watch.observe(document.querySelector('breach-check').shadowRoot, { childList: true, subtree: true });
        }));
        const id = identity(who);
        await type(page, { nir: id.nir, birthDate: id.birthDate, rank: id.birthRank === '1' ? '' : id.birthRank });
        await markSeen(page);
        await page.evaluate(() => window.__press());
        // Long-task entries are delivered after the task ends: give the observers a moment.
        await page.waitForTimeout(300);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        const got = await page.evaluate(() => window.__long);
        const shown = await page.evaluate(() => document.querySelector('breach-check').shadowRoot
          .querySelector('.result:not([data-seen])').dataset.status);
        if (shown !== status) throw new Error(`verdict ${shown}, expected ${status}`);
        if (fresh.errors.length) throw new Error(`page errors: ${fresh.errors.join('; ')}`);
        const { marks } = got;
        const tasks = got.tasks.filter((t) => t.start + t.duration > marks.import && t.start < marks.painted)
          .map((t) => ({ ...t, phase: phaseOf(t, marks), about: attribution(t, got.frames) }));
        runs[status].push({ tasks, load: marks.ready - marks.import, check: marks.painted - marks.pressed });
        await fresh.context.close();
      }
    }
  } finally {
    await bench.stop();
    if (busy) busy.kill('SIGKILL');
  }
  const out = [];
  const p = (line = '') => out.push(line);
  p(`### Main thread from the import to the painted verdict, CPU throttled ${RATE}x` +
    `${BUSY ? ', one core kept busy' : ''} (${d.label})`);
  p();
  p(`Headless Chromium ${chromiumVersion}; ${REPS} fresh contexts per verdict; long tasks from ` +
    "PerformanceObserver('longtask'), attributed with 'long-animation-frame' entries; phases: load (import to the " +
    'form shown), typing (the fields filled), check (press to two animation frames after the verdict is in the DOM).');
  p();
  p('| verdict | load (median) | press -> painted (median) | long tasks > 50 ms per run, load / typing / check (max of runs) | longest task (median of runs, max) | none > 50 ms |');
  p('|---|---:|---:|---:|---:|---|');
  for (const [status, list] of Object.entries(runs)) {
    const perPhase = PHASES.map((phase) => Math.max(...list.map((r) => r.tasks.filter((t) => t.phase === phase).length)));
    const longest = list.map((r) => Math.max(0, ...r.tasks.map((t) => t.duration)));
    p(`| ${status} | ${ms(median(list.map((r) => r.load)))} | ${ms(median(list.map((r) => r.check)))} | ` +
      `${perPhase.join(' / ')} | ${ms(median(longest))}, ${ms(Math.max(...longest))} | ` +
      `${Math.max(...longest) <= 50 ? 'yes' : 'no'} |`);
  }
  p();
  p('Every long task, by phase (duration: what ran in its frame):');
  p();
  for (const [status, list] of Object.entries(runs)) {
    list.forEach((r, i) => {
      for (const t of r.tasks) p(`- ${status} run ${i + 1}, ${t.phase}: ${Math.round(t.duration)} ms: ${t.about}`);
    });
  }
  return out;
}
