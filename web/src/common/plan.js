// The effort plan (results.json `plan`, written when the project has reps) as the pages show it:
// the response curves, the comparison with the watering can, what binds. Plain functions without
// the DOM or ECharts, so the unit tests run them in Node (test/plan.test.mjs).
import { fmtInt, fmtMoney, fmtNum, fmtPct, toNum } from './format.js';

/**
 * The part of a customer's stake that n contacts add in the period (ADBUDG, Little 1970, as
 * src/plan/response.h keeps it): amplitude * n^shape / (half^shape + n^shape); 0 at n = 0.
 */
export function lift(curve, n) {
  const a = toNum(curve?.amplitude);
  const half = toNum(curve?.half);
  const shape = toNum(curve?.shape);
  if (a === null || half === null || shape === null || !(n > 0)) return 0;
  const x = n ** shape;
  return (a * x) / (half ** shape + x);
}

/** The contacts a response chart spans: twice every group's level today and three times its half point. */
export function contactsSpan(curves) {
  let span = 4;
  for (const c of curves || []) span = Math.max(span, 2 * (toNum(c.current_contacts) ?? 0), 3 * (toNum(c.half) ?? 0));
  return Math.ceil(span);
}

/** [contacts, lift] from 0 to span, in `steps` steps, with the whole numbers of contacts among them. */
export function curvePoints(curve, span, steps = 60) {
  const xs = new Set();
  for (let k = 0; k <= steps; k++) xs.add(Math.round(((span * k) / steps) * 1000) / 1000);
  for (let n = 0; n <= span; n++) xs.add(n);
  return [...xs].sort((a, b) => a - b).map((n) => [n, lift(curve, n)]);
}

/** b / a - 1 (how much more b is than a), null when a is not positive. */
export function relative(b, a) {
  const x = toNum(a);
  const y = toNum(b);
  return x === null || y === null || x <= 0 ? null : y / x - 1;
}

/** A change as a signed percentage: +23.0 %, −4.1 %. */
export function fmtChange(v, digits = 1) {
  const n = toNum(v);
  if (n === null) return '–';
  const text = fmtPct(Math.abs(n), digits);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

const ALLOCATIONS = [
  ['even_spread', 'Even spread', 'every customer the same number of contacts (the watering can)'],
  ['current', 'Today', 'today’s allocation from the interactions history, scaled to the same contacts'],
  ['plan', 'Plan', 'the optimized plan'],
];

/**
 * The comparison's rows: the even spread, today's allocation and the plan, each with contacts,
 * expected gain, gain per contact and cost, the change against the even spread and today, and
 * the true gain when the project knows the truth (plan.truth).
 */
export function comparisonRows(plan) {
  const truth = plan?.truth;
  return ALLOCATIONS.filter(([key]) => plan?.[key]).map(([key, label, meaning]) => {
    const a = plan[key];
    const contacts = toNum(a.contacts);
    const gain = toNum(a.expected_gain);
    return {
      key,
      label,
      meaning,
      contacts,
      contacts_today: toNum(a.contacts_today),
      expected_gain: gain,
      gain_per_contact: toNum(a.gain_per_contact) ?? (contacts > 0 && gain !== null ? gain / contacts : null),
      cost: toNum(a.cost),
      vs_even: key === 'even_spread' ? null : relative(gain, plan.even_spread?.expected_gain),
      vs_current: key === 'plan' ? relative(gain, plan.current?.expected_gain) : null,
      true_gain: truth ? toNum(truth[key]?.true_gain) : null,
    };
  });
}

/** What the plan aims at, in words. */
export function goalText(plan) {
  const period = plan?.period ? ` per ${plan.period}` : '';
  switch (plan?.goal) {
    case 'budget':
      return plan.budget != null ? `the most expected gain for a budget of ${fmtMoney(plan.budget)}${period}` : `the most expected gain the reps’ capacities allow${period}`;
    case 'target':
      return plan?.binding?.target_reached === false
        ? `an expected gain of ${fmtMoney(plan.target_gain)}${period}, which is out of reach: the plan shown uses every contact the capacities and the budget allow`
        : `the smallest budget whose plan reaches an expected gain of ${fmtMoney(plan.target_gain)}${period}`;
    case 'hurdle':
      return `contacts as long as each unit of cost brings at least ${fmtNum(plan.hurdle, 2)} of expected gain`;
    default:
      return plan?.goal ? String(plan.goal) : '';
  }
}

/** What binds the plan, as [label, value, note] facts. */
export function bindingFacts(plan) {
  const b = plan?.binding || {};
  const p = plan?.plan || {};
  const reps = plan?.reps || [];
  const facts = [];
  if (b.budget !== undefined) {
    facts.push(['Budget', b.budget ? 'binds' : 'does not bind', plan.budget != null ? `${fmtMoney(p.cost)} of ${fmtMoney(plan.budget)} used` : `${fmtMoney(p.cost)} spent`]);
  }
  if (b.reps_at_capacity !== undefined) facts.push(['Reps at capacity', `${fmtInt(b.reps_at_capacity)} of ${fmtInt(reps.length)}`]);
  if (b.customers_at_min !== undefined) facts.push(['Customers held at their minimum', fmtInt(b.customers_at_min), 'their gain alone would not earn the contacts']);
  if (b.customers_at_max !== undefined) facts.push(['Customers at their maximum', fmtInt(b.customers_at_max)]);
  if (b.marginal_gain_per_cost !== undefined) facts.push(['Gain per unit of cost, last contact', fmtNum(b.marginal_gain_per_cost, 2), 'what one more unit of budget would bring']);
  const bound = toNum(p.upper_bound);
  const gain = toNum(p.expected_gain);
  if (p.proven_optimal === true) facts.push(['Optimality', 'proven optimal', 'no plan within the constraints gains more']);
  else if (bound !== null && gain !== null) facts.push(['Optimality', `within ${fmtMoney(bound - gain)} of the optimum`, `upper bound ${fmtMoney(bound)} (${fmtPct(bound > 0 ? (bound - gain) / bound : null, 2)})`]);
  return facts;
}

/** Per rep: planned contacts against capacity, today and the even spread, and gain per contact. */
export function repRows(plan) {
  return (plan?.reps || []).map((r) => {
    const contacts = toNum(r.contacts);
    const capacity = toNum(r.capacity);
    const gain = toNum(r.expected_gain);
    return {
      ...r,
      use: capacity > 0 && contacts !== null ? contacts / capacity : null,
      gain_per_contact: contacts > 0 && gain !== null ? gain / contacts : null,
      vs_even: toNum(r.even_contacts) !== null && contacts !== null ? contacts - toNum(r.even_contacts) : null,
    };
  });
}

/** "rep01 · Anna Becker" for the rep pickers. */
export function repLabel(r) {
  return r.name && r.name !== r.rep_id ? `${r.rep_id} · ${r.name}` : String(r.rep_id);
}
