// ES module entry: `import { BreachCheck } from 'breachcheck-widget'` and the <breach-check> element.
import { load, Checker } from './checker.js';
import { createReader, RangeReader, BlobReader, BytesReader } from './readers.js';
import { BreachCheckElement, defineBreachCheckElement } from './element.js';
import { strings } from './text.js';

/** Localized message for an error or warning code (for pages that use the API without the element). */
function message(code, lang = 'fr') {
  const t = strings(lang);
  return t.errors[code] || t.warnings[code] || code;
}

export const BreachCheck = Object.freeze({
  version: '0.1.0',
  load,
  message,
  Checker,
  createReader,
  readers: Object.freeze({ RangeReader, BlobReader, BytesReader }),
  Element: BreachCheckElement,
});

defineBreachCheckElement();

export { BreachCheckElement };
export default BreachCheck;
