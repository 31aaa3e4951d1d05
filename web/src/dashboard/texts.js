// The dashboard's texts: the English text is the key, German comes from the dictionary below
// (addTexts('de', ...)); t('{n} alerts', {n}) fills placeholders in braces.
//
// Until web/src/common/i18n.js (the shared language and locale module) is on this branch, a
// minimal local version with the same functions stands in here (setLocale, lang, t, tn,
// addTexts, and the locale's dates and months). When i18n.js is merged, this block becomes:
//   import { addTexts } from '../common/i18n.js';
//   export { setLocale, lang, t, tn, dateText, monthText } from '../common/i18n.js';
import { CHART_TEXTS } from '../common/charts.js';

const state = { locale: 'en-US', lang: 'en' };
const dictionaries = { en: {}, de: {} };

export function setLocale({ locale } = {}) {
  let canonical = 'en-US';
  try {
    canonical = Intl.getCanonicalLocales(locale || 'en-US')[0] || 'en-US';
  } catch {
    /* an unknown locale: English */
  }
  state.locale = canonical;
  state.lang = /^de\b/i.test(canonical) ? 'de' : 'en';
  document.documentElement.lang = state.lang;
}
export function lang() {
  return state.lang;
}
export function addTexts(language, dict) {
  Object.assign((dictionaries[language] ||= {}), dict);
}
export function t(key, vars) {
  const text = (state.lang !== 'en' && dictionaries[state.lang]?.[key]) || key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}
export function tn(n, one, many, vars) {
  return t(n === 1 ? one : many, { n, ...vars });
}
/** A calendar date "2026-11-27" in the locale's form. */
export function dateText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  if (!m) return iso == null ? '' : String(iso);
  return new Intl.DateTimeFormat(state.locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}
/** A month "2026-11" in the locale's short form. */
export function monthText(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(ym ?? ''));
  if (!m) return ym == null ? '' : String(ym);
  return new Intl.DateTimeFormat(state.locale, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}
// ---- end of the stand-in ----

addTexts('de', CHART_TEXTS.de);
addTexts('de', {});
