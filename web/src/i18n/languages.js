// SPDX-License-Identifier: MPL-2.0
// The widget's languages, in one list that every surface iterates: the element (its `lang` attribute and its
// strings, ui/text.js), the one-line embed (data-lang) and its frame (?lang=), the demo pages' language buttons,
// the generated types (web/types/languages.d.ts) and the tests. Adding a language is, all in this folder: its
// strings files (<tag>.js and <tag>-hardened.js, the same keys as fr.js), one entry here, one import line in
// tables.js and hardened-tables.js; then the catalog's texts in that language (docs/CATALOG.md), and
// `node web/tools/calendar.mjs` for its dates and lists without Intl (calendar.js). The first
// entry is the default. Nothing incident-specific here: the incident's words come from the signed catalog.
// Kept free of imports, so that the embed and the frame can use it without the strings.
export const LANGUAGES = [
  // tag: what `lang`, data-lang and ?lang= take (and the catalog's text key); locale: dates and lists;
  // name: the language's own name (language buttons); frameTitle: the iframe's accessible name before the
  // frame has loaded anything (no incident named: the embedding page may give its own with data-title).
  { tag: 'fr', locale: 'fr-FR', name: 'Français', frameTitle: 'Vérifier si mes données figurent dans la liste publiée' },
  { tag: 'en', locale: 'en-GB', name: 'English', frameTitle: 'Check whether my data is in the published list' },
];

export const DEFAULT_LANGUAGE = LANGUAGES[0].tag;

/** The registry entry for `tag` (a language tag such as "en-GB" is matched by its language), or the default. */
export function languageOf(tag) {
  const base = String(tag || '').toLowerCase().split('-')[0];
  return LANGUAGES.find((language) => language.tag === base) || LANGUAGES[0];
}
