import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { simpleTable } from '../dom.js';
import { fmtInt, fmtMoney, fmtPct } from '../format.js';

export default defineSection({
  id: 'tiers',
  title: 'Tiers',
  when: (d) => (d.tiers || []).length > 0,
  intro: (d) => {
    const cuts = d.settings?.tier_cuts || [];
    return cuts.length ? t('Tiers end where the cumulative share of value, most valuable customers first, passes {cuts}.', { cuts: cuts.map((c) => fmtPct(c, 0)).join(` ${t('and')} `) }) : null;
  },
  render(el, d) {
    let cum = 0;
    const rows = d.tiers.map((x) => ({ ...x, cumulative: (cum += x.value_share || 0) }));
    el.append(
      simpleTable(
        [
          { label: t('Tier'), value: (r) => r.tier },
          { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          { label: t('Share of customers'), num: true, value: (r) => fmtPct(r.customer_share) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
          { label: t('Share of value'), num: true, value: (r) => fmtPct(r.value_share) },
          { label: t('Cumulative share'), num: true, value: (r) => fmtPct(r.cumulative) },
          { label: t('Lowest value'), num: true, value: (r) => fmtMoney(r.min_value) },
          { label: t('Highest value'), num: true, value: (r) => fmtMoney(r.max_value) },
        ],
        rows,
      ),
    );
  },
});
