// The effort plan (results.json `plan`, when the project has reps): the plan against the watering
// can and today's allocation (and against the truth when the project knows it), what binds, the
// what-if curve, the response curves it rests on, the reps and the customers it serves less or
// more. In the dashboard a rep's row opens the rep's work list, a customer's row the customer.
import { defineSection } from '../sections.js';
import { h, factList, simpleTable } from '../dom.js';
import { mountChart, planCurveOption, responseOption } from '../charts.js';
import { clientTable } from '../table.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct, fmtReason, fmtText } from '../format.js';
import { bindingFacts, comparisonRows, fmtChange, goalText, repRows } from '../plan.js';
import { servedColumns } from './columns.js';

const REP_COLUMNS = [
  { id: 'rep_id', name: 'Rep', format: 'text', minWidth: 62, grow: 0.5, tip: 'the rep’s id (reps table)' },
  { id: 'name', name: 'Name', format: 'text', grow: 2, minWidth: 140 },
  { id: 'channel', name: 'Channel', format: 'code', minWidth: 80 },
  { id: 'capacity', name: 'Capacity', format: 'int', tip: 'contacts the rep can make in the period' },
  { id: 'cost', name: 'Cost / contact', format: 'money' },
  { id: 'customers', name: 'Customers', format: 'int' },
  { id: 'contacts', name: 'Planned', format: 'int', tip: 'contacts in the plan' },
  { id: 'use', name: 'Use of capacity', format: 'pct', tip: 'planned contacts / capacity' },
  { id: 'current_contacts', name: 'Today', format: 'num', tip: 'contacts per period today (interactions history)' },
  { id: 'even_contacts', name: 'Even spread', format: 'int', tip: 'contacts under the even spread of as many contacts as the plan' },
  { id: 'expected_gain', name: 'Exp. gain', format: 'money', tip: 'expected extra value of the planned contacts' },
  { id: 'gain_per_contact', name: 'Gain / contact', format: 'money', tip: 'expected gain / planned contacts' },
];

export default defineSection({
  id: 'plan',
  title: 'Effort plan',
  when: (d) => !!d.plan && typeof d.plan === 'object',
  intro: (d) => {
    const p = d.plan;
    const reps = (p.reps || []).length;
    const goal = goalText(p);
    return `Where the contacts of ${fmtInt(reps)} rep${reps === 1 ? '' : 's'} ${p.period ? `over ${p.period} ` : ''}go${goal ? `: ${goal}` : ''}, against spreading them evenly and against today’s allocation.`;
  },
  render(el, d, ctx) {
    const p = d.plan;
    const live = !!ctx?.openCustomer; // the dashboard: rows open the rep's work list or the customer
    comparison(el, p);

    const facts = bindingFacts(p);
    if (facts.length) el.append(h('h3', null, 'What binds'), factList(facts));

    if ((p.curve || []).length > 1) {
      el.append(h('h3', null, 'What if: expected gain by budget'), h('p', { class: 'intro' }, 'The best plan’s expected gain for each budget; the dashed line is the plan’s budget, the points the three allocations.'));
      mountChart(el, 'plan-curve', planCurveOption(p), { height: 340, label: 'Expected gain of the best plan as a function of the budget' });
    }

    response(el, p);

    if ((p.reps || []).length) {
      el.append(
        h('h3', null, 'Per rep'),
        h('p', { class: 'intro' }, `Planned contacts against capacity, today and the even spread.${live ? ' Click a rep for the work list.' : ''}`),
      );
      clientTable(el, { name: 'plan-reps', columns: REP_COLUMNS, rows: repRows(p), limit: 15, search: p.reps.length > 15, onRowClick: live ? (r) => ctx.chooseRep?.(r.rep_id) : undefined });
    }

    for (const [key, title, what] of [
      ['served_less', 'Served less than today', 'fewer contacts than today'],
      ['served_more', 'Served more than today', 'more contacts than today'],
    ]) {
      const rows = p[key] || [];
      if (!rows.length) continue;
      el.append(h('h3', null, title), h('p', { class: 'intro' }, `The customers the plan deliberately gives ${what}${rows.length > 1 ? ` (the ${fmtInt(rows.length)} largest changes)` : ''}, and why.`));
      clientTable(el, { name: `plan-${key.replace('_', '-')}`, columns: servedColumns(), rows, limit: 10, search: false, onRowClick: live ? (r) => ctx.openCustomer(r.customer_id) : undefined });
    }

    const reasons = p.reasons || [];
    if (reasons.length) {
      const total = reasons.reduce((s, r) => s + (Number(r.customers) || 0), 0);
      el.append(
        h('h3', null, 'Why, across all customers'),
        simpleTable(
          [
            { label: 'Reason', value: (r) => fmtReason(r.reason) },
            { label: 'Customers', num: true, value: (r) => fmtInt(r.customers) },
            { label: 'Share', num: true, value: (r) => fmtPct(total > 0 ? r.customers / total : null) },
          ],
          reasons,
        ),
      );
    }
    if (p.stake_rule) el.append(h('p', { class: 'footnote' }, `What contacts act on (the stake): ${p.stake_rule}.`));
  },
});

function comparison(el, p) {
  const rows = comparisonRows(p);
  const truth = p.truth;
  const plan = rows.find((r) => r.key === 'plan');
  if (plan) {
    const parts = [];
    if (plan.vs_even !== null) parts.push(`${fmtChange(plan.vs_even)} against the even spread`);
    if (plan.vs_current !== null) parts.push(`${fmtChange(plan.vs_current)} against today’s allocation`);
    if (parts.length) el.append(h('p', { class: 'plan-verdict', 'data-verdict': 'expected' }, h('strong', null, `Expected gain of the plan: ${fmtMoney(plan.expected_gain)}`), `, ${parts.join(' and ')}, with the same number of contacts.`));
  }
  if (truth) {
    const parts = [];
    if (truth.plan_vs_even != null) parts.push(`${fmtChange(truth.plan_vs_even)} against the even spread`);
    if (truth.plan_vs_current != null) parts.push(`${fmtChange(truth.plan_vs_current)} against today’s allocation`);
    if (parts.length) el.append(h('p', { class: 'plan-verdict', 'data-verdict': 'truth' }, h('strong', null, 'Against the true response'), ` (the simulation’s truth, ${fmtInt(truth.period_days)} days): the plan gains ${parts.join(' and ')}.`));
  }
  const columns = [
    { label: 'Allocation', value: (r) => h('span', { title: r.meaning }, r.label) },
    { label: 'Contacts', num: true, value: (r) => fmtInt(r.contacts) },
    { label: 'Cost', num: true, value: (r) => fmtMoney(r.cost) },
    { label: 'Expected gain', num: true, value: (r) => fmtMoney(r.expected_gain) },
    { label: 'Gain per contact', num: true, value: (r) => fmtMoney(r.gain_per_contact) },
    { label: 'vs even spread', num: true, value: (r) => (r.vs_even === null ? '' : fmtChange(r.vs_even)) },
  ];
  if (truth) columns.push({ label: 'True gain', num: true, title: 'the gain under the simulation’s true response (truth/)', value: (r) => fmtMoney(r.true_gain) });
  el.append(simpleTable(columns, rows, { rowClass: (r) => (r.key === 'plan' ? 'chosen' : null) }));
  const today = rows.find((r) => r.key === 'current');
  if (today?.contacts_today !== null && today?.contacts_today !== undefined) {
    el.append(h('p', { class: 'footnote' }, `Today’s allocation makes ${fmtInt(today.contacts_today)} contacts a period; it is scaled to the plan’s ${fmtInt(today.contacts)} to compare like with like.`));
  }
}

function response(el, p) {
  const r = p.response;
  const curves = r?.curves || [];
  if (!curves.length) return;
  el.append(h('h3', null, 'Response to contacts'));
  if (r.source || r.why) el.append(h('p', { class: 'reason', 'data-response-source': r.source }, h('strong', null, `Source: ${fmtText(r.source)}`), r.why ? ` — ${r.why}` : ''));
  el.append(h('p', { class: 'intro' }, 'The share of a customer’s stake the contacts of the period add, per group (solid: estimated from the history, dashed: judgment); dots mark today’s level, bars the estimate’s 90 % intervals.'));
  mountChart(el, 'plan-response', responseOption(p), { height: 340, label: 'Lift as a function of contacts, per group' });
  el.append(
    simpleTable(
      [
        { label: 'Group', value: (c) => c.group },
        { label: 'Source', value: (c) => c.source },
        { label: 'Shape', value: (c) => (c.concave ? 'concave' : 'S-shaped') },
        { label: 'Amplitude', num: true, title: 'the share of the stake contacts add at saturation', value: (c) => fmtPct(c.amplitude) },
        { label: 'Half at', num: true, title: 'contacts at which half the amplitude is reached', value: (c) => fmtNum(c.half, 1) },
        { label: 'Exponent', num: true, value: (c) => fmtNum(c.shape, 2) },
        { label: 'Contacts today', num: true, value: (c) => fmtNum(c.current_contacts, 1) },
        { label: 'Lift today', num: true, value: (c) => fmtPct(c.lift_at_current) },
        { label: 'Lift at +50 %', num: true, value: (c) => fmtPct(c.lift_at_plus_50) },
      ],
      curves,
    ),
  );
  const estimated = curves.filter((c) => c.estimate);
  if (estimated.length) {
    const range = (v, lo, hi) => `${fmtPct(v)} (${fmtPct(lo)} to ${fmtPct(hi)})`;
    el.append(
      h('h4', null, 'The estimate from the history'),
      h('p', { class: 'intro' }, 'Only the variation of contacts within a customer over time identifies the curve; the pooled slope, which reps calling more on their best accounts inflate, is shown for comparison.'),
      simpleTable(
        [
          { label: 'Group', value: (c) => c.group },
          { label: 'Customers', num: true, value: (c) => fmtInt(c.estimate.customers) },
          { label: 'Rows', num: true, value: (c) => fmtInt(c.estimate.rows) },
          { label: 'Within sd', num: true, title: 'within-customer standard deviation of contacts', value: (c) => fmtNum(c.estimate.within_sd, 2) },
          { label: 'R² within', num: true, value: (c) => fmtNum(c.estimate.r2_within, 3) },
          { label: 'Within slope', num: true, value: (c) => fmtNum(c.estimate.within_slope, 3) },
          { label: 'Pooled slope', num: true, value: (c) => fmtNum(c.estimate.pooled_slope, 3) },
          { label: 'Amplitude ± se', num: true, value: (c) => `${fmtPct(c.estimate.amplitude)} ± ${fmtPct(c.estimate.amplitude_se)}` },
          { label: 'Lift today (90 %)', num: true, value: (c) => range(c.estimate.lift_at_mean, c.estimate.lift_at_mean_low, c.estimate.lift_at_mean_high) },
          { label: 'Lift at +50 % (90 %)', num: true, value: (c) => range(c.estimate.lift_at_plus_50, c.estimate.lift_at_plus_50_low, c.estimate.lift_at_plus_50_high) },
          { label: 'Used', value: (c) => (c.estimate.usable ? 'yes' : 'no') },
          { label: 'Why', value: (c) => c.estimate.reason || '' },
        ],
        estimated,
      ),
    );
  }
  const judged = curves.filter((c) => c.judgment);
  if (judged.length) {
    const index = (v) => fmtNum(v, 2);
    el.append(
      h('h4', null, 'The judgment (winnow.toml)'),
      h('p', { class: 'intro' }, 'CALLPLAN’s four points: the period’s result as an index of today’s (1 at today’s level of contact).'),
      simpleTable(
        [
          { label: 'Group', value: (c) => c.group },
          { label: 'No contact', num: true, value: (c) => index(c.judgment.at_zero) },
          { label: 'Today', num: true, value: () => index(1) },
          { label: '+50 % contacts', num: true, value: (c) => index(c.judgment.at_plus_50) },
          { label: 'Saturation', num: true, value: (c) => index(c.judgment.at_saturation) },
          { label: 'Contacts today', num: true, value: (c) => fmtNum(c.judgment.current, 1) },
        ],
        judged,
      ),
    );
  }
}
