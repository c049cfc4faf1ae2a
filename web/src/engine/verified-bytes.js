// SPDX-License-Identifier: MPL-2.0
// Fetches one of the widget's own files and checks it against the SHA-256 that the code loading it carries
// (docs/EMBEDDING.md, "What is verified, and by whom"): the module build checks the worker and hardened.mjs it
// starts (web/tools/module-assets.js), and each worker checks its .wasm (worker-loop.js). Browsers enforce
// Subresource Integrity only for the <script> tag of breachcheck.mjs: `new Worker`, `import()` and the engine
// glue's `fetch` take no hash, so a copy of dist/ on another origin could otherwise swap any of them.
export const ALTERED = 'widget_integrity';

const coded = (code) => Object.assign(new Error(code), { code, status: 'unavailable' });

function base64(buffer) {
  let text = '';
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text);
}

/**
 * The bytes at `url` if their SHA-256 is `integrity` ("sha256-" and base64); else throws an error whose code
 * is `widget_integrity` (the bytes differ) or `engine_init` (they could not be fetched). Without
 * crypto.subtle (a page over plain http, not localhost) the browser checks the hash itself (`integrity`), and
 * a mismatch then looks like a failed fetch: refused all the same.
 * @param {string} url
 * @param {string} integrity
 * @returns {Promise<ArrayBuffer>}
 */
export async function verifiedBytes(url, integrity) {
  const subtle = self.crypto && self.crypto.subtle;
  let bytes;
  try {
    const response = await fetch(url, subtle ? {} : { integrity });
    if (!response.ok) throw coded('engine_init');
    bytes = await response.arrayBuffer();
  } catch {
    throw coded('engine_init');
  }
  if (subtle && `sha256-${base64(await subtle.digest('SHA-256', bytes))}` !== integrity) throw coded(ALTERED);
  return bytes;
}

/** The page's console line for a refused file: its URL (never input) and what to do. */
export function warnAltered(url) {
  console.error(`breachcheck-widget: refused ${url}: not the file of this build (SHA-256 differs, ${ALTERED}); nothing from it ran.`);
}
