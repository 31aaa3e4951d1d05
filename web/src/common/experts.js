// Experts and key opinion leaders (results.json `experts`, experts.csv): the figures the report and
// the dashboard show, kept free of the page so that they can be tested on their own.
import { fmtInt, fmtNum, isNum, toNum } from './format.js';

// The six criteria, in the order of experts.csv, with the key of their weight in experts.weights.
export const CRITERIA = [
  { id: 'trials', label: 'Trials', what: 'clinical trials' },
  { id: 'publications', label: 'Publications', what: 'publications' },
  { id: 'talks', label: 'Talks', what: 'talks' },
  { id: 'committees', label: 'Committees', what: 'boards, committees and commissions' },
  { id: 'congress', label: 'Congress', what: 'congress speaker and chair roles' },
  { id: 'multiplier', label: 'Multiplier', what: 'network reach (PageRank and reach)' },
];

export const TIER_ORDER = ['global', 'national', 'regional', 'local'];

/** The tiers with their share of the experts, in the order global, national, regional, local (others after). */
export function tierRows(experts) {
  const tiers = [...(experts?.tiers || [])];
  const rank = (t) => (TIER_ORDER.includes(t) ? TIER_ORDER.indexOf(t) : TIER_ORDER.length);
  tiers.sort((a, b) => rank(a.tier) - rank(b.tier));
  const total = tiers.reduce((s, t) => s + (toNum(t.experts) || 0), 0);
  return tiers.map((t) => ({ tier: t.tier, experts: toNum(t.experts) || 0, share: total > 0 ? (toNum(t.experts) || 0) / total : null }));
}

/** The weights of the total score as words, largest first: "trials 25 %, publications 20 %, …". */
export function weightsText(experts) {
  const w = experts?.weights || {};
  const items = CRITERIA.filter((c) => isNum(w[c.id])).map((c) => [c.id, toNum(w[c.id])]);
  const sum = items.reduce((s, [, v]) => s + v, 0);
  if (!items.length || !(sum > 0)) return '';
  return items
    .sort((a, b) => b[1] - a[1])
    .map(([id, v]) => `${id} ${fmtNum((100 * v) / sum, 0)} %`)
    .join(', ');
}

const fmtYears = (v) => (Number.isInteger(v) ? fmtInt(v) : fmtNum(v, 1));

/** One sentence on how the scores are made, from the section's settings. */
export function methodText(experts) {
  const e = experts || {};
  const parts = [];
  if (e.compare_within) parts.push(`each criterion scored 0-100 within the ${e.compare_within}`);
  if (isNum(e.half_life_years)) parts.push(`activity counting half after ${fmtYears(e.half_life_years)} years${isNum(e.as_of_year) ? ` (as of ${e.as_of_year})` : ''}`);
  if (isNum(e.damping)) parts.push(`the multiplier from PageRank with damping ${fmtNum(e.damping, 2)}${e.network ? ` on ${fmtInt(e.network.edges)} links` : ''}`);
  const w = weightsText(e);
  if (w) parts.push(`the total weighs ${w}`);
  return parts.length ? `${parts.join('; ')}.` : '';
}

/**
 * The criteria of one expert (a row of experts.csv), with each one's weighted contribution to the
 * total (weight × score / sum of weights), largest contribution first.
 */
export function criteriaRows(expert, weights) {
  const w = weights || {};
  const sum = CRITERIA.reduce((s, c) => s + (isNum(w[c.id]) ? toNum(w[c.id]) : 0), 0);
  return CRITERIA.map((c, order) => {
    const score = isNum(expert?.[c.id]) ? toNum(expert[c.id]) : null;
    const weight = sum > 0 && isNum(w[c.id]) ? toNum(w[c.id]) / sum : null;
    return { ...c, order, score, weight, contribution: score !== null && weight !== null ? score * weight : null };
  }).sort((a, b) => (b.contribution ?? -1) - (a.contribution ?? -1) || a.order - b.order);
}

/** Counts of total scores in bins of `width` from 0 to 100 (the last bin holds 100). */
export function scoreHistogram(rows, width = 10) {
  const bins = Math.ceil(100 / width);
  const counts = new Array(bins).fill(0);
  for (const r of rows || []) {
    const v = toNum(r?.total_score);
    if (v === null || !Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))] += 1;
  }
  return counts.map((n, i) => ({ from: i * width, to: Math.min(100, (i + 1) * width), experts: n }));
}

/** The first n experts of `top` as chart series: one per criterion, the expert names as categories. */
export function topCriteria(experts, n = 10) {
  const rows = (experts?.top || []).slice(0, n);
  return {
    names: rows.map((r) => r.name || r.expert_id),
    series: CRITERIA.map((c) => ({ id: c.id, label: c.label, data: rows.map((r) => (isNum(r[c.id]) ? toNum(r[c.id]) : null)) })),
  };
}

/** Whether a row's rising_star column marks a rising star. */
export const isRising = (r) => r?.rising_star === 'yes' || r?.rising_star === true;
