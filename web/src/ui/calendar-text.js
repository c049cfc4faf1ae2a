// SPDX-License-Identifier: MPL-2.0
// Dates and lists written from a locale's calendar words (web/src/i18n/calendar.js, generated from Intl's own
// output by web/tools/calendar.mjs), so that no Intl formatter is constructed on the way to the form or the
// verdict: the first one of a page costs 60-180 ms with the CPU throttled 4x. Dates are calendar days, in UTC.

function fill(parts, values) {
  return parts.map((part) => (part in values ? values[part] : part)).join('');
}

/** "7 février 2024" / "7 February 2024" */
export function writeLongDate(calendar, date) {
  return fill(calendar.longDate, { day: String(date.getUTCDate()), month: calendar.dateMonths[date.getUTCMonth()],
    year: String(date.getUTCFullYear()) });
}

/** "mai 1985" / "May 1985" */
export function writeMonthYear(calendar, date) {
  return fill(calendar.monthYear, { month: calendar.monthYearMonths[date.getUTCMonth()], year: String(date.getUTCFullYear()) });
}

/** "a, b et c" / "a, b and c" */
export function writeList(calendar, items) {
  const { pair, start, middle, end } = calendar.list;
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]}${pair}${items[1]}`;
  return items[0] + start + items.slice(1, -2).map((item) => `${item}${middle}`).join('') + items.at(-2) + end + items.at(-1);
}
