// The headline: customer value as THE portfolio figure, the referral value attributed to referrers
// beside it as a separate, labelled figure (never added), the alert groups (at risk with the value
// to save, lost with the win-back value, new since the previous run), concentration, tiers and
// key accounts. Each figure has a tooltip in plain words and a link to its glossary entry.
import { defineSection } from '../sections.js';
import { h, factList } from '../dom.js';
import { fmtDate, fmtInt, fmtMoney, fmtNum, fmtPct, modelName } from '../format.js';
import { t } from '../i18n.js';
import { glossaryHref } from './glossary_terms.js';

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
          h('strong', null, warnings.length === 1 ? t('1 warning about the model fit') : t('{n} warnings about the model fit', { n: fmtInt(warnings.length) })),
          h('ul', null, ...warnings.map((w) => h('li', null, h('code', null, w.code), ` ${w.message}`))),
        ),
      );
    }
    if (hl.implausible_customers > 0) {
      el.append(
        h('div', { class: 'fit-warnings' }, t('{n} customers have an implausible predicted revenue; they are marked in customers.csv (plausibility).', { n: fmtInt(hl.implausible_customers) })),
      );
    }
    const first = (d.tiers || []).find((x) => x.tier === hl.first_tier) || (d.tiers || [])[0];
    const rankNote =
      hl.rank_by && hl.rank_by !== 'clv' ? t('tiers and rankings use CLV + referral value ({value})', { value: fmtMoney(hl.value) }) : t('the sum of the customers’ CLV');
    const previous = hl.previous_run !== false;
    el.append(
      h(
        'div',
        { class: 'cards' },
        card('customer-value', t('Customer value'), fmtMoney(hl.customer_value), rankNote, {
          tip: t('The value of the portfolio: the sum of all customers’ CLV. Referral value is not added to it.'),
          glossary: 'customer-value',
          kind: 'main',
        }),
        card('referral-value', t('Referral value (attributed to referrers)'), fmtMoney(hl.referral_value), t('shown separately, not added to the customer value'), {
          tip: t('The value customers cause by recommending others, attributed to the referrers. It is already part of the referred customers’ CLV, so it is never added to the customer value.'),
          glossary: 'referral-value',
        }),
        card('customers', t('Customers'), fmtInt(hl.customers), null, { tip: t('Customers with purchases in the data.') }),
        card('key-accounts', t('Key accounts'), fmtInt(hl.key_accounts), t('live customers only'), {
          tip: t('Live customers among the most valuable or with the largest upside.'),
          glossary: 'key-account',
        }),
        card('at-risk', t('At risk'), fmtInt(hl.alerts), t('value to save {value}', { value: fmtMoney(hl.value_at_risk) }), {
          tip: t('Live customers whose P(alive) is low or whose next order is overdue; the value to save is their CLV.'),
          glossary: 'value-to-save',
          kind: 'warn',
        }),
        card('lost', t('Lost (win-back)'), fmtInt(hl.lost), t('win-back value {value}', { value: fmtMoney(hl.win_back_value) }), {
          tip: t('Customers who have most likely stopped buying: candidates for win-back.'),
          glossary: 'win-back-value',
        }),
        card('new-alerts', t('New alerts'), previous ? fmtInt(hl.new_alerts) : '–', previous ? t('since the previous run') : t('no previous run to compare with'), {
          tip: t('Alerts that were not in the previous run’s alert list.'),
          glossary: 'new',
        }),
        card(
          'first-tier',
          t('Tier {tier}', { tier: hl.first_tier ?? 'A' }),
          t('{n} customers', { n: fmtInt(hl.first_tier_customers) }),
          first ? t('{customers} of customers, {value} of value', { customers: fmtPct(first.customer_share), value: fmtPct(first.value_share) }) : null,
          { tip: t('The first value tier: the most valuable customers.'), glossary: 'tiers' },
        ),
        card('top20', t('Top 20 % hold'), fmtPct(hl.top20_share), t('of the value'), { tip: t('The share of the value held by the most valuable fifth of the customers.'), glossary: 'top20' }),
        card('gini', t('Gini coefficient'), fmtNum(hl.gini, 3), t('concentration of value'), { tip: t('0 if every customer were worth the same, near 1 if a few hold almost all.'), glossary: 'gini' }),
      ),
    );
    const m = d.model;
    if (m) {
      el.append(h('div', { class: 'model-choice' }, h('strong', null, t('Model: {name}', { name: modelName(m.chosen, m.titles) })), m.reason ? h('span', null, ` — ${m.reason}`) : null));
    }
    const facts = [];
    if (d.settings) {
      const s = d.settings;
      facts.push(
        [t('Horizon'), t('{n} days', { n: fmtInt(s.horizon_days) })],
        [t('Discount rate'), t('{rate} a year', { rate: fmtPct(s.annual_discount_rate, 0) })],
        [t('Margin'), fmtPct(s.margin, 0)],
      );
      if (s.referrals?.incremental_share != null) facts.push([t('Referred value counted'), fmtPct(s.referrals.incremental_share, 0)]);
    }
    if (m?.observation_end) facts.push([t('Observation end'), fmtDate(m.observation_end)]);
    if (d.referrals) {
      facts.push([t('Referrals'), fmtInt(d.referrals.referrals)], [t('Typical referred value'), fmtMoney(d.referrals.typical_referred_value)]);
    }
    if (facts.length) el.append(factList(facts));
    if (d.settings?.values) el.append(h('p', { class: 'footnote' }, `${t('Values')}: ${d.settings.values}.`));
  },
});

function card(id, label, value, note, { tip, glossary, kind } = {}) {
  return h(
    'div',
    { class: `card${kind ? ` card-${kind}` : ''}`, 'data-figure': id, title: tip },
    h('div', { class: 'card-label' }, label, glossary ? h('a', { class: 'glossary-link', href: glossaryHref(glossary), title: t('Glossary'), 'aria-label': t('Glossary: {term}', { term: label }) }, '?') : null),
    h('div', { class: 'card-value' }, value),
    note ? h('div', { class: 'card-note' }, note) : null,
  );
}
