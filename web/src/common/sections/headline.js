import { defineSection } from '../sections.js';
import { h, factList } from '../dom.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct, modelName } from '../format.js';

export default defineSection({
  id: 'headline',
  title: 'Headline',
  when: (d) => !!d.headline,
  render(el, d) {
    const hl = d.headline;
    // A degenerate fit is said before any number: the numbers below stand on it.
    const warnings = hl.warnings || [];
    if (warnings.length) {
      el.append(
        h(
          'div',
          { class: 'fit-warnings', role: 'alert' },
          h('strong', null, `${warnings.length} warning${warnings.length === 1 ? '' : 's'} about the model fit`),
          h('ul', null, ...warnings.map((w) => h('li', null, h('code', null, w.code), ` ${w.message}`))),
        ),
      );
    }
    if (hl.implausible_customers > 0) {
      el.append(
        h('div', { class: 'fit-warnings' }, `${fmtInt(hl.implausible_customers)} customers have an implausible predicted revenue; they are marked in customers.csv (plausibility).`),
      );
    }
    const first = (d.tiers || []).find((t) => t.tier === hl.first_tier) || (d.tiers || [])[0];
    el.append(
      h(
        'div',
        { class: 'cards' },
        card('Customers', fmtInt(hl.customers)),
        card('Total value', fmtMoney(hl.total_value), `CLV ${fmtMoney(hl.total_clv)} + referral value ${fmtMoney(hl.total_referral_value)}`),
        card('Top 20 % hold', fmtPct(hl.top20_share), 'of the total value'),
        card('Gini coefficient', fmtNum(hl.gini, 3), 'concentration of value'),
        card(
          `Tier ${hl.first_tier ?? 'A'}`,
          `${fmtInt(hl.first_tier_customers)} customers`,
          first ? `${fmtPct(first.customer_share)} of customers, ${fmtPct(first.value_share)} of value` : null,
        ),
        card('Key accounts', fmtInt(hl.key_accounts)),
        card('Churn alerts', fmtInt(hl.alerts)),
        card('Value at risk', fmtMoney(hl.value_at_risk), 'of the customers with alerts', 'warn'),
      ),
    );
    const m = d.model;
    if (m) {
      el.append(
        h('div', { class: 'model-choice' }, h('strong', null, `Model: ${modelName(m.chosen, m.titles)}`), m.reason ? h('span', null, ` — ${m.reason}`) : null),
      );
    }
    const facts = [];
    if (d.settings) {
      const s = d.settings;
      facts.push(['Horizon', `${fmtInt(s.horizon_days)} days`], ['Discount rate', `${fmtPct(s.annual_discount_rate, 0)} a year`], ['Margin', fmtPct(s.margin, 0)]);
    }
    if (m?.observation_end) facts.push(['Observation end', m.observation_end]);
    if (d.referrals) {
      facts.push(['Referrals', fmtInt(d.referrals.referrals)], ['Typical referred value', fmtMoney(d.referrals.typical_referred_value)]);
    }
    if (facts.length) el.append(factList(facts));
    if (d.settings?.values) el.append(h('p', { class: 'footnote' }, `Values: ${d.settings.values}.`));
  },
});

function card(label, value, note, kind) {
  return h('div', { class: `card${kind ? ` card-${kind}` : ''}` }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null);
}
