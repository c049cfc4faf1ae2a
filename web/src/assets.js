// Where the widget's own files (worker, engine glue, .wasm, styles) live: next to this module.
// The classic bundle replaces this file with the directory of its own <script src> and defines
// EMBEDDED_WORKER_SOURCE / INLINE_CSS (see scripts/build-web.mjs).
export const ASSET_BASE = new URL('./', import.meta.url).href;
export const EMBEDDED_WORKER_SOURCE = '';
export const INLINE_CSS = '';
