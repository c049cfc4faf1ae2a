// SPDX-License-Identifier: MPL-2.0
// Localisation helpers shared by the views: catalog text picks the widget's language, dates are shown
// long-form in that language, sources are cited by publisher and date (docs/SOURCES.md).
import { LANGUAGES, DEFAULT_LANGUAGE, languageOf } from '../i18n/languages.js';
import { TABLES } from '../i18n/tables.js';
import { typeset, typesetFrench } from './typography.js';
import { CALENDARS } from '../i18n/calendar.js';
import { writeLongDate, writeList, writeMonthYear } from './calendar-text.js';

// The hardened-mode strings (web/src/hardened.js `hardenedTexts`, loaded only for a data set that asks for it)
// and the directory strings (web/src/directory.js `directoryTexts`, only for a directory of lists) join the
// tables here, so every view reads one table per language whatever the mode. French typography (narrow
// no-break spaces) is French's own.
function addTexts(tables) {
  for (const { tag } of LANGUAGES) {
    const extra = tables && tables[tag];
    if (extra && TABLES[tag]) Object.assign(TABLES[tag], tag === 'fr' ? typesetFrench(extra) : extra);
  }
}

export function addHardenedTexts({ hardenedTexts }) {
  addTexts(hardenedTexts);
}

export function addDirectoryTexts({ directoryTexts }) {
  addTexts(directoryTexts);
}

export function strings(lang) {
  return TABLES[lang] || TABLES[DEFAULT_LANGUAGE];
}

export function pickLang(value) {
  return languageOf(value).tag;
}

// A catalog text ({fr, en, ...}) in the page's language; French (always present) when the catalog does not
// carry that language: its texts then all fall back together (the catalog has one set of languages).
export function loc(text, lang) {
  if (!text || typeof text !== 'object') return '';
  if (text[lang]) return typeset(text[lang], lang);
  return typeset(text.fr || '', 'fr');
}

// The widget section of the catalog (docs/CATALOG.md, "widget"): what this incident's widget says. {} for a
// catalog without one, and the views then use neutral wording.
export function widgetTexts(catalog) {
  return (catalog && catalog.widget) || {};
}

// Dates and lists are written from the locale's calendar words (calendar-text.js, i18n/calendar.js): the first Intl
// formatter a page constructs costs 60-180 ms with the CPU throttled 4x. A locale missing there (a language just
// added to the registry) gets Intl, one formatter per language and kind, built on first use (a verdict formats a
// dozen dates: ~30 ms with the CPU throttled 4x when each call built its own).
const formatters = new Map();
function formatter(kind, lang, make) {
  const { tag, locale } = languageOf(lang);
  const key = `${kind}:${tag}`;
  if (!formatters.has(key)) formatters.set(key, make(locale));
  return formatters.get(key);
}

const calendarOf = (lang) => CALENDARS[languageOf(lang).locale];

// "2024-02-07" or "2026-11-29T04:58:21Z" -> "7 février 2024" / "7 February 2024" (UTC: dates are calendar days).
export function longDate(iso, lang) {
  // Catalog sources may be dated to the month ("2024-07" -> "juillet 2024") or the year only.
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(iso || '');
  if (partial) return partial[2] ? monthYear(Number(partial[1]), Number(partial[2]), lang) : partial[1];
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso || '') ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return String(iso || '');
  const calendar = calendarOf(lang);
  return calendar ? writeLongDate(calendar, date)
    : formatter('date', lang, (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}

// 1985, 5 -> "mai 1985" / "May 1985": how a verdict recalls whom it is about (never the full date).
export function monthYear(year, month, lang) {
  const date = new Date(Date.UTC(year, month - 1, 1));
  if (Number.isNaN(date.getTime())) return '';
  const calendar = calendarOf(lang);
  return calendar ? writeMonthYear(calendar, date)
    : formatter('month', lang, (locale) => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric',
      timeZone: 'UTC' })).format(date);
}

export function listJoin(items, lang) {
  const calendar = calendarOf(lang);
  return calendar ? writeList(calendar, items)
    : formatter('list', lang, (locale) => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items);
}

/**
 * `text` with the publisher's `name` marked lang="fr" on an English page (a French body's name, e.g. "Mutuelle
 * Démo", is read out with French rules); the text itself on a French page.
 */
export function withFrenchName(text, name, lang, make) {
  const at = lang === 'fr' || !name ? -1 : text.lastIndexOf(name);
  if (at < 0) return text;
  return [text.slice(0, at), make('span', { lang: 'fr' }, name), text.slice(at + name.length)];
}

export function operatorNames(ids, catalog) {
  const operators = (catalog && catalog.operators) || [];
  return ids.map((id) => (operators.find((op) => op.id === id) || { name: id }).name);
}

// "45 seconds", "3 minutes" (rounded up): how long a rate-limited person should wait; '' when unknown.
export function waitText(seconds, t) {
  if (!Number.isInteger(seconds) || seconds <= 0) return '';
  return seconds <= 90 ? t.waitSeconds(seconds) : t.waitMinutes(Math.ceil(seconds / 60));
}
