// SPDX-License-Identifier: MPL-2.0
// Each registry language's strings (web/src/i18n/languages.js), by tag: one import line per language.
// ui/text.js reads them; the hardened-mode strings are in hardened-tables.js (loaded only for such a data set).
import { fr } from './fr.js';
import { en } from './en.js';

export const TABLES = { fr, en };
