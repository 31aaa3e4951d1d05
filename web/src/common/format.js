// Number and text formatting shared by the report and the dashboard, in the locale set by
// i18n.js's setLocale() (results.json `report.locale`: de-DE gives 1.234.567 and 0,957).
// Money follows one rule everywhere (i18n.js moneyText()): whole units with grouping, amounts
// strictly between 0 and 1 as "< 1", the currency symbol when `report.currency` is set.

import { numberFormat as nf, moneyText, dateText, lang, t } from './i18n.js';

export const DASH = '–';

export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Converts API/CSV values to numbers; empty and non-numeric values become null. */
export function toNum(v) {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Whole numbers with thousands separators: 2,898 */
export function fmtInt(v) {
  const n = toNum(v);
  return n === null ? DASH : nf(0, 0).format(n);
}

/** Plain numbers with a fixed number of decimals: 3.361 */
export function fmtNum(v, digits = 2) {
  const n = toNum(v);
  return n === null ? DASH : nf(digits, digits).format(n);
}

/** Money: whole units with grouping, "< 1" for amounts between 0 and 1, the currency symbol when set. */
export function fmtMoney(v) {
  const n = toNum(v);
  return n === null ? DASH : moneyText(n);
}

// Suffixes of the short numbers: 1.6k / 1,6 Tsd.
const COMPACT = { en: ['k', 'M', 'B'], de: ['\u00a0Tsd.', '\u00a0Mio.', '\u00a0Mrd.'] };

/** Short numbers for axis labels and bins: 1.6k, 92k, 9.0M (German: 1,6 Tsd., 9,0 Mio.) */
export function fmtCompact(v) {
  const n = toNum(v);
  if (n === null) return DASH;
  const a = Math.abs(n);
  const [k, m, b] = COMPACT[lang()] || COMPACT.en;
  if (a >= 1e9) return `${nf(0, a >= 1e10 ? 0 : 1).format(n / 1e9)}${b}`;
  if (a >= 1e6) return `${nf(0, a >= 1e7 ? 0 : 1).format(n / 1e6)}${m}`;
  if (a >= 1e3) return `${nf(0, a >= 1e4 ? 0 : 1).format(n / 1e3)}${k}`;
  if (a >= 10 || a === 0) return nf(0, 0).format(n);
  if (a >= 1) return nf(0, 1).format(n);
  return nf(0, 2).format(n);
}

/** Shares (0..1) as percentages: 86.3 % */
export function fmtPct(v, digits = 1) {
  const n = toNum(v);
  return n === null ? DASH : `${nf(digits, digits).format(n * 100)} %`;
}

/** Probabilities (0..1): 0.957 (de: 0,957) */
export function fmtProb(v) {
  return fmtNum(v, 3);
}

export function fmtText(v) {
  return v === null || v === undefined || v === '' ? DASH : String(v);
}

/** A calendar date (2026-11-27) in the locale's form: 11/27/2026, 27.11.2026. */
export function fmtDate(v) {
  return v === null || v === undefined || v === '' ? DASH : dateText(v);
}

/** ISO timestamp (2026-11-27T00:24:00Z) as 11/27/2026 00:24 UTC (27.11.2026 00:24 UTC) */
export function fmtTimestamp(v) {
  if (!v) return DASH;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(v));
  return m ? `${dateText(m[1])} ${m[2]} UTC` : String(v);
}

/** Durations in days: whole days as they are, others with one decimal: 12, 37.5 */
export function fmtDays(v) {
  const n = toNum(v);
  return n === null ? DASH : nf(0, 1).format(n);
}

/**
 * A model's name (a code like "bgnbd") with its title from the model registry, which
 * results.json carries as model.titles: "BG/NBD (Fader, Hardie & Lee 2005) [bgnbd]".
 */
export function modelName(code, titles) {
  const title = titles?.[code];
  return title ? `${title} [${code}]` : fmtText(code);
}

// The codes of the tables as words (the English words are the keys of i18n's dictionaries).
const CODE_WORDS = {
  low_p_alive: 'low P(alive)',
  at_risk: 'at risk',
  shrinking_orders: 'shrinking orders',
};

function codeWord(part) {
  return t(CODE_WORDS[part] || part.replace(/_/g, ' '));
}

export function fmtKeyAccount(v) {
  if (v === true) return t('yes');
  if (v === false || v === null || v === undefined || v === '') return '';
  return fmtReason(v);
}

/**
 * Codes of the tables (key_account, alert group, reason, trend, new, plausibility) as words:
 * value + upside, low P(alive) + overdue, at risk, shrinking orders + slowing.
 */
export function fmtCode(v) {
  if (v === true) return t('yes');
  return fmtReason(v === false ? '' : v);
}

/** Codes joined by + (low_p_alive+overdue) as words. */
export function fmtReason(v) {
  if (!v) return '';
  return String(v).split('+').map(codeWord).join(' + ');
}

/** The formatters by name, as column sets name them (sections/columns.js). */
export const FORMATS = {
  money: fmtMoney,
  int: fmtInt,
  num: (v) => fmtNum(v, 2),
  ratio: (v) => fmtNum(v, 1),
  pct: (v) => fmtPct(v),
  prob: fmtProb,
  days: fmtDays,
  text: fmtText,
  date: fmtDate,
  code: fmtCode,
};

/** Escapes text for the HTML strings of chart tooltips. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
