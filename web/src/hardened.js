// SPDX-License-Identifier: MPL-2.0
// What only a hardened data set needs on the page (docs/OPRF.md): the evaluation request and its texts. The
// checker imports this module when a data set in hardened mode is opened (api/checker.js, loadHardenedMode),
// so a static data set's page never downloads it; web/tools/build.mjs emits it as dist/hardened.mjs.
export { requestEvaluation } from './engine/oprf-request.js';
export { frHardened } from './i18n/fr-hardened.js';
export { enHardened } from './i18n/en-hardened.js';
