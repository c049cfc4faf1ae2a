// SPDX-License-Identifier: MPL-2.0
// One constructable stylesheet shared by every <breach-check> on the page (adoptedStyleSheets: allowed by
// `style-src 'self'`, unlike <style> elements or style attributes). The CSS arrives as a JS string module,
// generated from styles.css by web/tools/build.mjs, so any bundler carries it along with the code (a .css
// import would go to the page's <head>, never into the element's shadow root).
import css from '../generated/styles-css.js';
import { nextTask } from './next-task.js';

let sheet = null;
let parsing = null;

/**
 * The sheet, parsed once per page. The first parse (about 10 KB of CSS) runs in a task of its own, after the
 * one that evaluated the module and created the element: together they ran over 50 ms with the CPU throttled 4x
 * (docs/PERFORMANCE.md, "Main thread").
 */
export function widgetStyleSheet() {
  if (sheet) return Promise.resolve(sheet);
  if (!parsing) {
    parsing = nextTask().then(() => {
      const parsed = new CSSStyleSheet();
      parsed.replaceSync(css);
      sheet = parsed;
      parsing = null;
      return sheet;
    });
  }
  return parsing;
}
