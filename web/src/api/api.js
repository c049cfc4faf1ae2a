// SPDX-License-Identifier: MPL-2.0
// The BreachCheck object shared by both entry points: index.js (browsers: adds the <breach-check> element)
// and server.js (Node, SSR: no DOM, so no element).
import { load as loadDataset, loadDirectory, Checker } from './checker.js';
import { createReader, RangeReader, BlobReader, BytesReader } from '../engine/readers.js';
import { strings, waitText } from '../ui/text.js';

export const VERSION = '0.1.0';

/**
 * Localized message for an error or warning code (for pages that use the API without the element).
 * `oprf_rate_limited` takes the result's `retryAfter` (seconds) as third argument. The hardened-mode codes
 * (oprf_*) have their texts once a hardened data set is loaded (they come with its on-demand code); before
 * that, and for an unknown code, the code itself is returned.
 */
export function message(code, lang = 'fr', retryAfter = undefined) {
  const t = strings(lang);
  if (code === 'oprf_rate_limited' && t.rateLimitedText) return t.rateLimitedText(waitText(retryAfter, t));
  // The hardened-mode texts (t.oprfProblems) exist once a hardened data set has been loaded.
  for (const table of [t.errors, t.warnings, t.oprfProblems, t.configProblems]) {
    if (!table || !Object.hasOwn(table, code)) continue;
    // Some messages name what was typed (month and year) when the widget knows it; the API gives the plain form.
    return typeof table[code] === 'function' ? table[code]({}) : table[code];
  }
  return code;
}

/** One data set (`dataset`), or every list of a signed directory (`directory` and `directoryKey`). */
export function load(options = {}) {
  return options && options.directory !== undefined && options.directory !== null ? loadDirectory(options) : loadDataset(options);
}

/** The public API object; `Element` is the custom element class, or undefined where there is no DOM. */
export function createBreachCheckApi(Element) {
  return Object.freeze({
    version: VERSION,
    load,
    message,
    Checker,
    createReader,
    readers: Object.freeze({ RangeReader, BlobReader, BytesReader }),
    Element,
  });
}
