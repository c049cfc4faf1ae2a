// ES module entry: `import { BreachCheck } from 'breachcheck-widget'` and the <breach-check> element.
import { load, Checker } from './checker.js';
import { createReader, RangeReader, BlobReader, BytesReader } from './readers.js';
import { BreachCheckElement, defineBreachCheckElement } from './element.js';
import { strings, waitText } from './text.js';

/**
 * Localized message for an error or warning code (for pages that use the API without the element).
 * `oprf_rate_limited` takes the result's `retryAfter` (seconds) as third argument.
 */
function message(code, lang = 'fr', retryAfter = undefined) {
  const t = strings(lang);
  if (code === 'oprf_rate_limited') return t.rateLimitedText(waitText(retryAfter, t));
  for (const table of [t.errors, t.warnings, t.oprfProblems, t.configProblems]) {
    if (!Object.hasOwn(table, code)) continue;
    // Some messages name what was typed (month and year) when the widget knows it; the API gives the plain form.
    return typeof table[code] === 'function' ? table[code]({}) : table[code];
  }
  return code;
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
