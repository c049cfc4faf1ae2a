// One constructable stylesheet shared by every <breach-check> on the page (adoptedStyleSheets: allowed by
// `style-src 'self'`, unlike <style> elements or style attributes). The ES build fetches styles.css next to
// this module; the classic bundle has it inlined.
import { ASSET_BASE, INLINE_CSS } from './assets.js';

let sheetPromise = null;

export function widgetStyleSheet() {
  if (!sheetPromise) {
    sheetPromise = (async () => {
      const sheet = new CSSStyleSheet();
      let css = INLINE_CSS;
      if (!css) {
        try {
          const response = await fetch(new URL('styles.css', ASSET_BASE).href, { credentials: 'omit' });
          css = response.ok ? await response.text() : '';
        } catch {
          css = ''; // unstyled but usable: every control is native
        }
      }
      sheet.replaceSync(css);
      return sheet;
    })();
  }
  return sheetPromise;
}
