// SPDX-License-Identifier: MPL-2.0
// What only a hardened data set needs on the page (docs/OPRF.md): the evaluation request and its texts. The
// checker imports this module when a data set in hardened mode is opened (api/checker.js, loadHardenedMode),
// so a static data set's page never downloads it; web/tools/build.mjs emits it as dist/hardened.mjs.
export { requestEvaluation } from './engine/oprf-request.js';
// By language tag (web/src/i18n/languages.js): ui/text.js adds each to that language's strings.
export { HARDENED_TABLES as hardenedTexts } from './i18n/hardened-tables.js';
