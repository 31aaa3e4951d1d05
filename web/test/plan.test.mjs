// Unit tests of the effort plan's views (src/common/plan.js, the plan charts of charts.js and the
// plan's column sets): the response curve, the comparison with the watering can, what binds, and
// the chart options built from a `plan` section in the shape results.json carries it.
//   node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingFacts, comparisonRows, contactsSpan, curvePoints, fmtChange, goalText, lift, relative, repLabel, repRows } from '../src/common/plan.js';
import { planCurveOption, responseOption } from '../src/common/charts.js';
import { planColumns, servedColumns, useDeclaration } from '../src/common/sections/columns.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ${b}`);

// A plan section as `winnow run` writes it (issue 12), small.
const plan = {
  period: '13 weeks',
  period_days: 91,
  goal: 'budget',
  budget: 146400,
  target_gain: null,
  hurdle: null,
  stake_rule: 'a quarter of the expected annual revenue',
  response: {
    source: 'mixed',
    why: 'hospitals from the history; the others from the judgment',
    curves: [
      {
        group: 'hospital',
        source: 'history',
        amplitude: 0.31,
        half: 3.2,
        shape: 1.4,
        concave: false,
        lift_at_current: 0.11,
        lift_at_plus_50: 0.15,
        current_contacts: 2.1,
        estimate: { customers: 412, rows: 3296, within_sd: 0.8, r2_within: 0.2, pooled_slope: 0.09, within_slope: 0.04, amplitude_se: 0.05, lift_at_mean: 0.11, lift_at_mean_low: 0.08, lift_at_mean_high: 0.14, lift_at_plus_50: 0.15, lift_at_plus_50_low: 0.12, lift_at_plus_50_high: 0.19, usable: true, reason: 'enough variation' },
        judgment: null,
      },
      { group: 'all', source: 'judgment', amplitude: 0.15, half: 2, shape: 1, concave: true, lift_at_current: 0.05, lift_at_plus_50: 0.064, current_contacts: 1, estimate: null, judgment: { at_zero: 0.9, at_plus_50: 1.03, at_saturation: 1.05, current: 1 } },
    ],
  },
  even_spread: { contacts: 1220, expected_gain: 80000, gain_per_contact: 65.57, cost: 146400 },
  current: { contacts: 1220, expected_gain: 90000, cost: 146400, contacts_today: 1180 },
  plan: { contacts: 1220, expected_gain: 100000, gain_per_contact: 81.97, cost: 146400, upper_bound: 100500, proven_optimal: false, gap: 500 },
  binding: { budget: true, reps_at_capacity: 1, customers_at_min: 20, customers_at_max: 4, marginal_gain_per_cost: 1.7 },
  curve: [
    { budget: 0, contacts: 0, gain: 0 },
    { budget: 73200, contacts: 610, gain: 70000 },
    { budget: 146400, contacts: 1220, gain: 100000 },
    { budget: 292800, contacts: 2440, gain: 120000 },
  ],
  reps: [
    { rep_id: 'rep01', name: 'Anna Becker', channel: 'visit', capacity: 130, cost: 120, customers: 240, contacts: 120, expected_gain: 9000, current_contacts: 110.5, even_contacts: 100 },
    { rep_id: 'rep02', name: 'rep02', channel: 'call', capacity: 0, cost: 30, customers: 10, contacts: 0, expected_gain: 0, current_contacts: 3, even_contacts: 5 },
  ],
  served_less: [],
  served_more: [],
  reasons: [{ reason: 'high stake', customers: 120 }],
};

test('the response is ADBUDG: half the amplitude at `half` contacts, nothing at none, saturating', () => {
  const c = plan.response.curves[0];
  close(lift(c, 3.2), 0.155);
  assert.equal(lift(c, 0), 0);
  assert.equal(lift(c, -1), 0);
  close(lift({ amplitude: 1, half: 2, shape: 1 }, 6), 0.75);
  const values = [0, 1, 2, 4, 8, 16, 1000].map((n) => lift(c, n));
  for (let k = 1; k < values.length; k++) assert.ok(values[k] > values[k - 1]);
  assert.ok(values.at(-1) < c.amplitude && values.at(-1) > 0.99 * c.amplitude);
  // S-shaped (shape > 1): the second contact adds more than the first; concave: less.
  assert.ok(lift(c, 2) - lift(c, 1) > lift(c, 1));
  const concave = plan.response.curves[1];
  assert.ok(lift(concave, 2) - lift(concave, 1) < lift(concave, 1));
  assert.equal(lift({ amplitude: null, half: 2, shape: 1 }, 3), 0);
});

test('the response chart spans twice today and three times the half point, with whole contacts', () => {
  assert.equal(contactsSpan(plan.response.curves), 10); // 3 × 3.2 = 9.6
  assert.equal(contactsSpan([]), 4);
  const points = curvePoints(plan.response.curves[1], 10, 7);
  const xs = points.map(([n]) => n);
  for (let n = 0; n <= 10; n++) assert.ok(xs.includes(n), `no point at ${n}`);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
  assert.deepEqual(points[0], [0, 0]);
  close(points.at(-1)[1], lift(plan.response.curves[1], 10));
});

test('the comparison: even spread, today and the plan, their gain per contact and the changes', () => {
  const rows = comparisonRows(plan);
  assert.deepEqual(rows.map((r) => r.key), ['even_spread', 'current', 'plan']);
  close(rows[1].gain_per_contact, 90000 / 1220); // computed when not given
  assert.equal(rows[0].gain_per_contact, 65.57);
  assert.equal(rows[0].vs_even, null);
  close(rows[1].vs_even, 0.125);
  close(rows[2].vs_even, 0.25);
  close(rows[2].vs_current, 100000 / 90000 - 1);
  assert.equal(rows[1].vs_current, null);
  assert.equal(rows[1].contacts_today, 1180);
  assert.ok(rows.every((r) => r.true_gain === null));
  const truth = { period_days: 91, plan: { contacts: 1220, true_gain: 95000 }, even_spread: { contacts: 1220, true_gain: 76000 }, current: { contacts: 1220, true_gain: 85000 }, plan_vs_even: 0.25, plan_vs_current: 0.118 };
  assert.deepEqual(comparisonRows({ ...plan, truth }).map((r) => r.true_gain), [76000, 85000, 95000]);
  assert.deepEqual(comparisonRows({ plan: plan.plan }).map((r) => r.key), ['plan']);
  assert.equal(relative(10, 0), null);
  assert.equal(relative(null, 5), null);
});

test('changes read with their sign', () => {
  assert.equal(fmtChange(0.23), '+23.0 %');
  assert.equal(fmtChange(-0.041), '−4.1 %');
  assert.equal(fmtChange(0), '0.0 %');
  assert.equal(fmtChange(null), '–');
});

test('the goal in words, for each scenario', () => {
  assert.equal(goalText(plan), 'the most expected gain for a budget of 146,400 per 13 weeks');
  assert.equal(goalText({ ...plan, budget: null }), 'the most expected gain the reps’ capacities allow per 13 weeks');
  assert.equal(goalText({ ...plan, goal: 'target', target_gain: 50000 }), 'the smallest budget whose plan reaches an expected gain of 50,000 per 13 weeks');
  assert.equal(goalText({ goal: 'hurdle', hurdle: 1.5 }), 'contacts as long as each unit of cost brings at least 1.50 of expected gain');
});

test('what binds, and how close to the optimum the plan is', () => {
  const facts = Object.fromEntries(bindingFacts(plan).map(([label, value, note]) => [label, [value, note]]));
  assert.deepEqual(facts.Budget, ['binds', '146,400 of 146,400 used']);
  assert.deepEqual(facts['Reps at capacity'], ['1 of 2', undefined]);
  assert.equal(facts['Customers held at their minimum'][0], '20');
  assert.equal(facts['Gain per unit of cost, last contact'][0], '1.70');
  assert.deepEqual(facts.Optimality, ['within 500 of the optimum', 'upper bound 100,500 (0.50 %)']);
  const proven = Object.fromEntries(bindingFacts({ ...plan, plan: { ...plan.plan, proven_optimal: true } }).map(([l, v]) => [l, v]));
  assert.equal(proven.Optimality, 'proven optimal');
  assert.deepEqual(bindingFacts({}), []);
});

test('per rep: use of capacity and gain per contact; labels with the name when it differs', () => {
  const [a, b] = repRows(plan);
  close(a.use, 120 / 130);
  close(a.gain_per_contact, 75);
  assert.equal(a.vs_even, 20);
  assert.equal(b.use, null);
  assert.equal(b.gain_per_contact, null);
  assert.equal(repLabel(plan.reps[0]), 'rep01 · Anna Becker');
  assert.equal(repLabel(plan.reps[1]), 'rep02');
});

test('the what-if chart: the curve, the plan’s budget marked, the three allocations as points', () => {
  const o = planCurveOption(plan);
  assert.deepEqual(o.series[0].data, plan.curve.map((c) => [c.budget, c.gain]));
  assert.deepEqual(o.series[0].markLine.data, [{ xAxis: 146400 }]);
  assert.deepEqual(o.series.slice(1).map((s) => [s.name, s.data]), [
    ['Even spread', [[146400, 80000]]],
    ['Today', [[146400, 90000]]],
    ['Plan', [[146400, 100000]]],
  ]);
  // Without a budget (a target or a hurdle), the plan's cost is marked.
  assert.deepEqual(planCurveOption({ ...plan, budget: null, plan: { ...plan.plan, cost: 120000 } }).series[0].markLine.data, [{ xAxis: 120000 }]);
});

test('the response chart: a curve per group, judgment dashed, today marked, the estimate’s intervals', () => {
  const o = responseOption(plan);
  assert.deepEqual(o.series.map((s) => s.name), ['hospital (history)', 'all customers (judgment)']);
  assert.deepEqual(o.series.map((s) => s.lineStyle.type), ['solid', 'dashed']);
  assert.equal(o.xAxis.max, 10);
  const today = o.series[0].data.filter((d) => d.today);
  assert.equal(today.length, 1);
  close(today[0].value[0], 2.1);
  close(today[0].value[1], lift(plan.response.curves[0], 2.1));
  const xs = o.series[0].data.map((d) => d.value[0]);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
  assert.deepEqual(o.series[0].markLine.data, [
    [{ coord: [2.1, 0.08] }, { coord: [2.1, 0.14] }],
    [{ coord: [2.1 * 1.5, 0.12] }, { coord: [2.1 * 1.5, 0.19] }],
  ]);
  assert.equal(o.series[1].markLine, undefined);
});

test('the plan’s column sets take their headings from plan.csv and rep_plans/REP.csv', () => {
  const col = (name, type, unit, label) => ({ name, type, unit, label, meaning: `${name} meaning` });
  useDeclaration({
    columns: {
      'plan.csv': [
        col('customer_id', 'text', 'id', 'ID'),
        col('rep_id', 'text', 'id', 'Rep'),
        col('channel', 'text', 'code', 'Channel'),
        col('contacts', 'integer', 'count', 'Contacts'),
        col('expected_gain', 'number', 'money', 'Exp. gain'),
        col('current_contacts', 'number', 'count', 'Today'),
        col('reason', 'text', 'none', 'Why'),
        col('tier', 'text', 'none', 'Tier'),
        col('stake', 'number', 'money', 'Stake'),
        col('next_contact_gain', 'number', 'money', 'Next contact'),
        col('even_contacts', 'integer', 'count', 'Even spread'),
      ],
      'rep_plans/REP.csv': [col('order', 'integer', 'count', 'Order'), col('customer_id', 'text', 'id', 'ID'), col('name', 'text', 'none', 'Name')],
    },
  });
  const work = planColumns();
  assert.deepEqual(work.map((c) => c.id), ['customer_id', 'tier', 'contacts', 'expected_gain', 'next_contact_gain', 'current_contacts', 'even_contacts', 'stake', 'reason']);
  assert.deepEqual(work.map((c) => c.format), ['text', 'text', 'int', 'money', 'money', 'num', 'int', 'money', 'text']);
  assert.equal(work[3].tip, 'expected_gain meaning');
  const served = servedColumns();
  assert.deepEqual(served.map((c) => [c.id, c.name]), [
    ['customer_id', 'ID'],
    ['name', 'Name'],
    ['rep_id', 'Rep'],
    ['tier', 'Tier'],
    ['current_contacts', 'Today'],
    ['contacts', 'Contacts'],
    ['reason', 'Why'],
  ]);
  useDeclaration({ columns: {} });
  assert.throws(() => planColumns(), /results\.json declares no columns for plan\.csv/);
});
