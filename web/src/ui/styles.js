// SPDX-License-Identifier: MPL-2.0
// One constructable stylesheet shared by every <breach-check> on the page (adoptedStyleSheets: allowed by
// `style-src 'self'`, unlike <style> elements or style attributes). The CSS arrives as a JS string module,
// generated from styles.css by web/tools/build.mjs, so any bundler carries it along with the code (a .css
// import would go to the page's <head>, never into the element's shadow root).
import css from '../generated/styles-css.js';

let sheet = null;

export function widgetStyleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return Promise.resolve(sheet);
}
