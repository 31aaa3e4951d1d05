// Language, locale and currency of the views (results.json `report`: {locale, currency, title,
// client}; winnow.toml [report]).
//
// Texts: the English text is the key, t('Churn alerts') gives it in the page's language.
// Placeholders in braces are filled from vars: t('{n} customers', {n: fmtInt(n)}). German texts
// come from dictionaries; addTexts('de', {...}) adds a module's own (the dashboard's file adds
// its strings that way). A key without a German entry is shown in English (web/test/i18n.test.mjs
// fails on such a key in the sources, so the fallback is a safety net, not a habit).
//
// Numbers: numberFormat() and dateFormat() give cached Intl formatters for the locale (de-DE:
// 1.234.567 and 0,957); format.js builds every formatter on them. Money follows one rule (see
// moneyText()): whole units with the locale's grouping, amounts strictly between 0 and 1 as "< 1",
// the currency symbol when a currency is set.

import GERMAN from './i18n_de.js';

const DEFAULT_LOCALE = 'en-US';

const state = { locale: DEFAULT_LOCALE, currency: '', lang: 'en' };
const dictionaries = { en: {}, de: { ...GERMAN } };
const numberCache = new Map();
const dateCache = new Map();

/** A locale Intl knows, else the default (a typo in winnow.toml must not break the page). */
function validLocale(locale) {
  if (!locale || typeof locale !== 'string') return DEFAULT_LOCALE;
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    return canonical || DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** A currency code Intl knows (ISO 4217, like EUR), upper case; '' when none or unknown. */
function validCurrency(currency) {
  if (!currency || typeof currency !== 'string') return '';
  const code = currency.trim().toUpperCase();
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    return code;
  } catch {
    return '';
  }
}

/**
 * Sets the locale ("de-DE") and the currency ("EUR", or '' for money without a symbol), e.g. from
 * results.json's `report`. The language is the locale's first part: de → German, else English.
 */
export function setLocale({ locale, currency } = {}) {
  state.locale = validLocale(locale);
  state.currency = validCurrency(currency);
  state.lang = /^de\b/i.test(state.locale) ? 'de' : 'en';
  numberCache.clear();
  dateCache.clear();
  if (typeof document !== 'undefined' && document.documentElement) document.documentElement.lang = state.lang;
}

/** 'de' for a German locale (de-DE, de-AT, de-CH, ...), else 'en'. */
export function lang() {
  return state.lang;
}

export function locale() {
  return state.locale;
}

/** The ISO currency code, '' when money is shown without a symbol. */
export function currency() {
  return state.currency;
}

/** Adds texts of a language: {English text: translation}. Later entries replace earlier ones. */
export function addTexts(language, dict) {
  const d = (dictionaries[language] ||= {});
  Object.assign(d, dict);
}

/** Whether a text has a translation in a language (the i18n test uses it). */
export function hasText(language, key) {
  return language === 'en' || Object.prototype.hasOwnProperty.call(dictionaries[language] || {}, key);
}

/** The text in the page's language, with {name} placeholders filled from vars. */
export function t(key, vars) {
  const text = (state.lang !== 'en' && dictionaries[state.lang]?.[key]) || key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** A cached Intl.NumberFormat of the locale with min..max fraction digits. */
export function numberFormat(min, max, extra = {}) {
  const key = `${min}/${max}/${JSON.stringify(extra)}`;
  let f = numberCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(state.locale, { minimumFractionDigits: min, maximumFractionDigits: max, ...extra });
    numberCache.set(key, f);
  }
  return f;
}

/** Whole money units, with the currency symbol when a currency is set. */
function moneyFormat() {
  return state.currency
    ? numberFormat(0, 0, { style: 'currency', currency: state.currency, currencyDisplay: 'symbol' })
    : numberFormat(0, 0);
}

/**
 * The money rule, the same everywhere: whole units with the locale's grouping (1.234.567 €),
 * amounts strictly between 0 and 1 (either sign) as "< 1" ("< 1 €", "> −1 €"), 0 as 0.
 */
export function moneyText(n) {
  const f = moneyFormat();
  if (n > 0 && n < 1) return `< ${f.format(1)}`;
  if (n < 0 && n > -1) return `> ${f.format(-1)}`;
  // Rounding -0.4 would give "-0"; the branches above catch it, and exact zeros are 0.
  return f.format(n === 0 ? 0 : n);
}

/** Short money for axes: 1.6k / 1,6 Tsd. is left to format.js; this gives the symbol's place. */
export function currencySymbol() {
  if (!state.currency) return '';
  const part = moneyFormat()
    .formatToParts(1)
    .find((p) => p.type === 'currency');
  return part ? part.value : state.currency;
}

/** A cached Intl.DateTimeFormat of the locale (in UTC: the dates of results.json are calendar dates). */
export function dateFormat(options = { year: 'numeric', month: '2-digit', day: '2-digit' }) {
  const key = JSON.stringify(options);
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(state.locale, { timeZone: 'UTC', ...options });
    dateCache.set(key, f);
  }
  return f;
}

/** A calendar date "2026-11-27" in the locale's form (27.11.2026, 11/27/2026); other text as it is. */
export function dateText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  if (!m) return iso == null ? '' : String(iso);
  return dateFormat().format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/** A month "2026-11" in the locale's short form (Nov 2026, Nov. 2026). */
export function monthText(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(ym ?? ''));
  if (!m) return ym == null ? '' : String(ym);
  return dateFormat({ year: 'numeric', month: 'short' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}
