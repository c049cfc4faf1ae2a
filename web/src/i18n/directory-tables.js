// SPDX-License-Identifier: MPL-2.0
// Each registry language's directory strings (web/src/i18n/languages.js), by tag: part of directory.mjs, which a
// page downloads only when given a directory of lists; ui/text.js adds them to that language's table.
import { frDirectory } from './fr-directory.js';
import { enDirectory } from './en-directory.js';

export const DIRECTORY_TABLES = { fr: frDirectory, en: enDirectory };
