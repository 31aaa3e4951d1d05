// Number and text formatting shared by the report and the dashboard.
// Values are in the currency of the input amounts, which winnow does not know,
// so money is shown without a symbol.

const LOCALE = 'en-US';
const cache = new Map();
function nf(min, max, extra = {}) {
  const key = `${min}/${max}/${JSON.stringify(extra)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: min, maximumFractionDigits: max, ...extra });
    cache.set(key, f);
  }
  return f;
}

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

/** Money: whole units from 100 up, cents below. No currency symbol. */
export function fmtMoney(v) {
  const n = toNum(v);
  if (n === null) return DASH;
  return Math.abs(n) >= 100 || n === 0 ? nf(0, 0).format(n) : nf(2, 2).format(n);
}

/** Short money for axis labels and bins: 1.6k, 92k, 9.0M */
export function fmtCompact(v) {
  const n = toNum(v);
  if (n === null) return DASH;
  const a = Math.abs(n);
  if (a >= 1e9) return `${nf(0, a >= 1e10 ? 0 : 1).format(n / 1e9)}B`;
  if (a >= 1e6) return `${nf(0, a >= 1e7 ? 0 : 1).format(n / 1e6)}M`;
  if (a >= 1e3) return `${nf(0, a >= 1e4 ? 0 : 1).format(n / 1e3)}k`;
  if (a >= 10 || a === 0) return nf(0, 0).format(n);
  if (a >= 1) return nf(0, 1).format(n);
  return nf(0, 2).format(n);
}

/** Shares (0..1) as percentages: 86.3 % */
export function fmtPct(v, digits = 1) {
  const n = toNum(v);
  return n === null ? DASH : `${nf(digits, digits).format(n * 100)} %`;
}

/** Probabilities (0..1): 0.957 */
export function fmtProb(v) {
  return fmtNum(v, 3);
}

export function fmtText(v) {
  return v === null || v === undefined || v === '' ? DASH : String(v);
}

/** ISO timestamp (2026-11-27T00:24:00Z) as 2026-11-27 00:24 UTC */
export function fmtTimestamp(v) {
  if (!v) return DASH;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(v));
  return m ? `${m[1]} ${m[2]} UTC` : String(v);
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

const KEY_ACCOUNT = { value: 'value', upside: 'upside', 'value+upside': 'value+upside' };
export function fmtKeyAccount(v) {
  if (v === true) return 'yes';
  if (v === false || v === null || v === undefined || v === '') return '';
  return KEY_ACCOUNT[v] || String(v);
}

/** Codes of the tables (key_account, alert, reason, plausibility) as words: value + upside, low P(alive) + overdue. */
export function fmtCode(v) {
  if (v === true) return 'yes';
  return fmtReason(v === false ? '' : v);
}

/** Alert reason codes (low_p_alive+overdue) as words. */
export function fmtReason(v) {
  if (!v) return '';
  return String(v)
    .split('+')
    .map((p) => p.replace(/_/g, ' ').replace(/^low p alive$/, 'low P(alive)'))
    .join(' + ');
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
  code: fmtCode,
};

/** Escapes text for the HTML strings of chart tooltips. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
