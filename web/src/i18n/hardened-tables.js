// SPDX-License-Identifier: MPL-2.0
// Each registry language's hardened-mode strings (web/src/i18n/languages.js), by tag: part of hardened.mjs,
// which a page downloads only for a data set in hardened mode; ui/text.js adds them to that language's table.
import { frHardened } from './fr-hardened.js';
import { enHardened } from './en-hardened.js';

export const HARDENED_TABLES = { fr: frHardened, en: enHardened };
