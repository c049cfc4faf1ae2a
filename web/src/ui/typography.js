// SPDX-License-Identifier: MPL-2.0
// French typography for text the widget shows: curly apostrophes (’); a narrow no-break space (U+202F) before ? ! ; : and », after «,
// between digit groups ("1 000") and before a unit ("8 Kio"), so no line starts with punctuation or splits a
// number; and "de" elided
// before a vowel ("d'Almérys"). English text is left as it is.
const NARROW_NBSP = '\u202F';

export function frenchSpacing(text) {
  // The typographic apostrophe (’), not the typewriter one: "l’Assurance Maladie", "d’Almérys".
  let out = String(text).replace(/'/g, '\u2019')
    .replace(/[ \u00A0]+([?!;:»])/g, `${NARROW_NBSP}$1`)
    .replace(/«[ \u00A0]+/g, `«${NARROW_NBSP}`);
  // The rules below are about numbers; most strings have none (their Unicode-aware patterns are the slow part).
  if (!/\d/.test(out)) return out;
  // A number and its unit stay on one line ("8 Kio", "64 Mio", "9 h").
  out = out.replace(/(\d)[ \u00A0](Kio|Mio|Gio|Ko|Mo|Go|h|%|€)(?![\p{L}\d])/gu, `$1${NARROW_NBSP}$2`);
  // Digit groups: "45 000" -> "45 000". Only a whole number (1-3 digits, then groups of exactly 3) that starts
  // at a word boundary: a key fingerprint's groups ("ab12 3456 …") are data to compare, left exactly as shown.
  return out.replace(/(?<![\p{L}\p{N}])\d{1,3}(?:[ \u00A0]\d{3})+(?!\d)/gu,
    (number) => number.replace(/[ \u00A0]/g, NARROW_NBSP));
}

export function typeset(text, lang) {
  return lang === 'fr' ? frenchSpacing(text) : String(text);
}

/**
 * Applies frenchSpacing to every string of a strings table (and to what its functions return). An entry is
 * typeset when first read, then kept: typesetting the whole French table when the module is evaluated was a
 * third of that main-thread task with the CPU throttled 4x (docs/PERFORMANCE.md, "Main thread").
 */
export function typesetFrench(value) {
  if (typeof value === 'string') return frenchSpacing(value);
  if (typeof value === 'function') return (...args) => typesetFrench(value(...args));
  if (Array.isArray(value)) return value.map(typesetFrench);
  if (value && typeof value === 'object') {
    const table = {};
    for (const [key, entry] of Object.entries(value)) {
      if (key === 'lang') {
        table[key] = entry;
        continue;
      }
      Object.defineProperty(table, key, {
        enumerable: true,
        configurable: true,
        get() {
          const typeset = typesetFrench(entry);
          Object.defineProperty(table, key, { value: typeset, enumerable: true, configurable: true, writable: true });
          return typeset;
        },
        set(replacement) {
          Object.defineProperty(table, key, { value: replacement, enumerable: true, configurable: true, writable: true });
        },
      });
    }
    return table;
  }
  return value;
}

/** "de Viamedis", "d'Almérys", "d'Harmonie" is not attempted (a silent h is not knowable): vowels only. */
export function deName(name) {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(String(name)) ? `d'${name}` : `de ${name}`;
}
