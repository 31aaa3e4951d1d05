// The effort plan (results.json `plan`, when the project has reps): the plan against the watering
// can and today's allocation (and against the truth when the project knows it), what binds, the
// what-if curve, the response curves it rests on, the reps and the customers it serves less or
// more. In the dashboard a rep's row opens the rep's work list, a customer's row the customer.
import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { h, factList, simpleTable } from '../dom.js';
import { mountChart, planCurveOption, responseOption } from '../charts.js';
import { reportList } from './listing.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct, fmtReason, fmtText } from '../format.js';
import { bindingFacts, comparisonRows, fmtChange, goalText, repRows } from '../plan.js';
import { servedColumns } from './columns.js';

// A function: the headings are translated when the section renders (after setLocale).
const repColumns = () => [
  { id: 'rep_id', name: t('Rep'), format: 'text', minWidth: 62, grow: 0.5, tip: t('the rep’s id (reps table)') },
  { id: 'name', name: t('Name'), format: 'text', grow: 2, minWidth: 140 },
  { id: 'channel', name: t('Channel'), format: 'code', minWidth: 80 },
  { id: 'capacity', name: t('Capacity'), format: 'int', tip: t('contacts the rep can make in the period') },
  { id: 'cost', name: t('Cost / contact'), format: 'money' },
  { id: 'customers', name: t('Customers'), format: 'int' },
  { id: 'contacts', name: t('Planned'), format: 'int', tip: t('contacts in the plan') },
  { id: 'use', name: t('Use of capacity'), format: 'pct', tip: t('planned contacts / capacity') },
  { id: 'current_contacts', name: t('Today'), format: 'num', tip: t('contacts per period today (interactions history)') },
  { id: 'even_contacts', name: t('Even spread'), format: 'int', tip: t('contacts under the even spread of as many contacts as the plan') },
  { id: 'expected_gain', name: t('Exp. gain'), format: 'money', tip: t('expected extra value of the planned contacts') },
  { id: 'gain_per_contact', name: t('Gain / contact'), format: 'money', tip: t('expected gain / planned contacts') },
];

export default defineSection({
  id: 'plan',
  title: 'Effort plan',
  when: (d) => !!d.plan && typeof d.plan === 'object',
  intro: (d) => {
    const p = d.plan;
    const reps = (p.reps || []).length;
    const goal = goalText(p);
    const text = reps === 1 ? t('Where the contacts of {n} rep go', { n: fmtInt(reps) }) : t('Where the contacts of {n} reps go', { n: fmtInt(reps) });
    return `${text}${p.period ? ` (${p.period})` : ''}${goal ? `: ${goal}` : ''}, ${t('against spreading them evenly and against today’s allocation.')}`;
  },
  render(el, d, ctx) {
    const p = d.plan;
    const live = !!ctx?.openCustomer; // the dashboard: rows open the rep's work list or the customer
    comparison(el, p);

    // plan.js writes the facts in English; their fixed words are translated here (i18n_de.js).
    const facts = bindingFacts(p).map(([label, value, note]) => [t(label), t(value), note && t(note)]);
    if (facts.length) el.append(h('h3', null, t('What binds')), factList(facts));

    if ((p.curve || []).length > 1) {
      el.append(h('h3', null, t('What if: expected gain by budget')), h('p', { class: 'intro' }, t('The best plan’s expected gain for each budget; the dashed line is the plan’s budget, the points the three allocations.')));
      mountChart(el, 'plan-curve', planCurveOption(p), { height: 340, label: t('Expected gain of the best plan as a function of the budget') });
    }

    response(el, p);

    if ((p.reps || []).length) {
      el.append(
        h('h3', null, t('Per rep')),
        h('p', { class: 'intro' }, live ? t('Planned contacts against capacity, today and the even spread. Click a rep for the work list.') : t('Planned contacts against capacity, today and the even spread.')),
      );
      reportList(el, { name: 'plan-reps', columns: repColumns(), rows: repRows(p), limit: 15, search: p.reps.length > 15, onRowClick: live ? (r) => ctx.chooseRep?.(r.rep_id) : undefined, csvName: 'plan_reps.csv', printColumns: ['rep_id', 'name', 'channel', 'capacity', 'cost', 'customers', 'contacts', 'use', 'current_contacts', 'even_contacts', 'expected_gain', 'gain_per_contact'] });
    }

    for (const [key, title, what] of [
      ['served_less', t('Served less than today'), t('The customers the plan deliberately gives fewer contacts than today (the {n} largest changes), and why.', { n: fmtInt((p.served_less || []).length) })],
      ['served_more', t('Served more than today'), t('The customers the plan deliberately gives more contacts than today (the {n} largest changes), and why.', { n: fmtInt((p.served_more || []).length) })],
    ]) {
      const rows = p[key] || [];
      if (!rows.length) continue;
      el.append(h('h3', null, title), h('p', { class: 'intro' }, what));
      reportList(el, { name: `plan-${key.replace('_', '-')}`, columns: servedColumns(), rows, limit: 10, search: false, onRowClick: live ? (r) => ctx.openCustomer(r.customer_id) : undefined, csvName: `plan_${key}.csv` });
    }

    const reasons = p.reasons || [];
    if (reasons.length) {
      const total = reasons.reduce((s, r) => s + (Number(r.customers) || 0), 0);
      el.append(
        h('h3', null, t('Why, across all customers')),
        simpleTable(
          [
            { label: t('Reason'), value: (r) => fmtReason(r.reason) },
            { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
            { label: t('Share'), num: true, value: (r) => fmtPct(total > 0 ? r.customers / total : null) },
          ],
          reasons,
        ),
      );
    }
    if (p.stake_rule) el.append(h('p', { class: 'footnote' }, `${t('What contacts act on (the stake)')}: ${p.stake_rule}.`));
  },
});

function comparison(el, p) {
  const rows = comparisonRows(p);
  const truth = p.truth;
  const plan = rows.find((r) => r.key === 'plan');
  if (plan) {
    const parts = [];
    if (plan.vs_even !== null) parts.push(`${fmtChange(plan.vs_even)} ${t('against the even spread')}`);
    if (plan.vs_current !== null) parts.push(`${fmtChange(plan.vs_current)} ${t('against today’s allocation')}`);
    if (parts.length) el.append(h('p', { class: 'plan-verdict', 'data-verdict': 'expected' }, h('strong', null, `${t('Expected gain of the plan')}: ${fmtMoney(plan.expected_gain)}`), `, ${parts.join(` ${t('and')} `)}, ${t('with the same number of contacts.')}`));
  }
  if (truth) {
    const parts = [];
    if (truth.plan_vs_even != null) parts.push(`${fmtChange(truth.plan_vs_even)} ${t('against the even spread')}`);
    if (truth.plan_vs_current != null) parts.push(`${fmtChange(truth.plan_vs_current)} ${t('against today’s allocation')}`);
    if (parts.length) el.append(h('p', { class: 'plan-verdict', 'data-verdict': 'truth' }, h('strong', null, t('Against the true response')), ` (${t('the simulation’s truth, {n} days', { n: fmtInt(truth.period_days) })}): ${t('the plan gains')} ${parts.join(` ${t('and')} `)}.`));
  }
  const columns = [
    { label: t('Allocation'), value: (r) => h('span', { title: t(r.meaning) }, t(r.label)) },
    { label: t('Contacts'), num: true, value: (r) => fmtInt(r.contacts) },
    { label: t('Cost'), num: true, value: (r) => fmtMoney(r.cost) },
    { label: t('Expected gain'), num: true, value: (r) => fmtMoney(r.expected_gain) },
    { label: t('Gain per contact'), num: true, value: (r) => fmtMoney(r.gain_per_contact) },
    { label: t('vs even spread'), num: true, value: (r) => (r.vs_even === null ? '' : fmtChange(r.vs_even)) },
  ];
  if (truth) columns.push({ label: t('True gain'), num: true, title: t('the gain under the simulation’s true response (truth/)'), value: (r) => fmtMoney(r.true_gain) });
  el.append(simpleTable(columns, rows, { rowClass: (r) => (r.key === 'plan' ? 'chosen' : null) }));
  const today = rows.find((r) => r.key === 'current');
  if (today?.contacts_today !== null && today?.contacts_today !== undefined) {
    el.append(h('p', { class: 'footnote' }, t('Today’s allocation makes {today} contacts a period; it is scaled to the plan’s {plan} to compare like with like.', { today: fmtInt(today.contacts_today), plan: fmtInt(today.contacts) })));
  }
}

function response(el, p) {
  const r = p.response;
  const curves = r?.curves || [];
  if (!curves.length) return;
  el.append(h('h3', null, t('Response to contacts')));
  if (r.source || r.why) el.append(h('p', { class: 'reason', 'data-response-source': r.source }, h('strong', null, `${t('Source')}: ${fmtText(r.source)}`), r.why ? ` — ${r.why}` : ''));
  el.append(h('p', { class: 'intro' }, t('The share of a customer’s stake the contacts of the period add, per group (solid: estimated from the history, dashed: judgment); dots mark today’s level, bars the estimate’s 90 % intervals.')));
  mountChart(el, 'plan-response', responseOption(p), { height: 340, label: t('Lift as a function of contacts, per group') });
  el.append(
    simpleTable(
      [
        { label: t('Group'), value: (c) => c.group },
        { label: t('Source'), value: (c) => c.source },
        { label: t('Shape'), value: (c) => (c.concave ? t('concave') : t('S-shaped')) },
        { label: t('Amplitude'), num: true, title: t('the share of the stake contacts add at saturation'), value: (c) => fmtPct(c.amplitude) },
        { label: t('Half at'), num: true, title: t('contacts at which half the amplitude is reached'), value: (c) => fmtNum(c.half, 1) },
        { label: t('Exponent'), num: true, value: (c) => fmtNum(c.shape, 2) },
        { label: t('Contacts today'), num: true, value: (c) => fmtNum(c.current_contacts, 1) },
        { label: t('Lift today'), num: true, value: (c) => fmtPct(c.lift_at_current) },
        { label: t('Lift at +50 %'), num: true, value: (c) => fmtPct(c.lift_at_plus_50) },
      ],
      curves,
    ),
  );
  const estimated = curves.filter((c) => c.estimate);
  if (estimated.length) {
    const range = (v, lo, hi) => `${fmtPct(v)} (${fmtPct(lo)} ${t('to')} ${fmtPct(hi)})`;
    el.append(
      h('h4', null, t('The estimate from the history')),
      h('p', { class: 'intro' }, t('Only the variation of contacts within a customer over time identifies the curve; the pooled slope, which reps calling more on their best accounts inflate, is shown for comparison.')),
      simpleTable(
        [
          { label: t('Group'), value: (c) => c.group },
          { label: t('Customers'), num: true, value: (c) => fmtInt(c.estimate.customers) },
          { label: t('Rows'), num: true, value: (c) => fmtInt(c.estimate.rows) },
          { label: t('Within sd'), num: true, title: t('within-customer standard deviation of contacts'), value: (c) => fmtNum(c.estimate.within_sd, 2) },
          { label: t('R² within'), num: true, value: (c) => fmtNum(c.estimate.r2_within, 3) },
          { label: t('Within slope'), num: true, value: (c) => fmtNum(c.estimate.within_slope, 3) },
          { label: t('Pooled slope'), num: true, value: (c) => fmtNum(c.estimate.pooled_slope, 3) },
          { label: t('Amplitude ± se'), num: true, value: (c) => `${fmtPct(c.estimate.amplitude)} ± ${fmtPct(c.estimate.amplitude_se)}` },
          { label: t('Lift today (90 %)'), num: true, value: (c) => range(c.estimate.lift_at_mean, c.estimate.lift_at_mean_low, c.estimate.lift_at_mean_high) },
          { label: t('Lift at +50 % (90 %)'), num: true, value: (c) => range(c.estimate.lift_at_plus_50, c.estimate.lift_at_plus_50_low, c.estimate.lift_at_plus_50_high) },
          { label: t('Used'), value: (c) => (c.estimate.usable ? t('yes') : t('no')) },
          { label: t('Why'), value: (c) => c.estimate.reason || '' },
        ],
        estimated,
      ),
    );
  }
  const judged = curves.filter((c) => c.judgment);
  if (judged.length) {
    const index = (v) => fmtNum(v, 2);
    el.append(
      h('h4', null, t('The judgment (winnow.toml)')),
      h('p', { class: 'intro' }, t('CALLPLAN’s four points: the period’s result as an index of today’s (1 at today’s level of contact).')),
      simpleTable(
        [
          { label: t('Group'), value: (c) => c.group },
          { label: t('No contact'), num: true, value: (c) => index(c.judgment.at_zero) },
          { label: t('Today'), num: true, value: () => index(1) },
          { label: t('+50 % contacts'), num: true, value: (c) => index(c.judgment.at_plus_50) },
          { label: t('Saturation'), num: true, value: (c) => index(c.judgment.at_saturation) },
          { label: t('Contacts today'), num: true, value: (c) => fmtNum(c.judgment.current, 1) },
        ],
        judged,
      ),
    );
  }
}
