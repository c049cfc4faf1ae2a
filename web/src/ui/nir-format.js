// SPDX-License-Identifier: MPL-2.0
// Shows a social security number in its printed groups (1 85 05 78 006 084 36) while the person types,
// keeping the caret where it was. Only separators are touched: any other character stays visible so the
// engine can report it (nir_format) instead of the field silently eating it.
const GROUPS = [1, 2, 2, 2, 3, 3, 2];
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212]/gu;

export function nirSignificant(text) {
  return String(text).replace(SEPARATORS, '').toUpperCase();
}

export function formatNir(text) {
  const chars = Array.from(nirSignificant(text));
  const parts = [];
  let i = 0;
  for (const size of GROUPS) {
    if (i >= chars.length) break;
    parts.push(chars.slice(i, i + size).join(''));
    i += size;
  }
  if (i < chars.length) parts.push(chars.slice(i).join('')); // too long: shown, reported by the engine
  return parts.join(' ');
}

/** Reformats `value` and maps a caret position in it to the same logical place in the result. */
export function reformatWithCaret(value, caret) {
  const before = nirSignificant(value.slice(0, caret)).length;
  const formatted = formatNir(value);
  let seen = 0;
  let position = 0;
  while (position < formatted.length && seen < before) {
    if (formatted[position] !== ' ') seen += 1;
    position += 1;
  }
  return { value: formatted, caret: position };
}
