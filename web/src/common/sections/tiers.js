import { defineSection } from '../sections.js';
import { simpleTable } from '../dom.js';
import { fmtInt, fmtMoney, fmtPct } from '../format.js';

export default defineSection({
  id: 'tiers',
  title: 'Tiers',
  when: (d) => (d.tiers || []).length > 0,
  intro: (d) => {
    const cuts = d.settings?.tier_cuts || [];
    return cuts.length ? `Tiers end where the cumulative share of value, most valuable customers first, passes ${cuts.map((c) => fmtPct(c, 0)).join(' and ')}.` : null;
  },
  render(el, d) {
    let cum = 0;
    const rows = d.tiers.map((t) => ({ ...t, cumulative: (cum += t.value_share || 0) }));
    el.append(
      simpleTable(
        [
          { label: 'Tier', value: (r) => r.tier },
          { label: 'Customers', num: true, value: (r) => fmtInt(r.customers) },
          { label: 'Share of customers', num: true, value: (r) => fmtPct(r.customer_share) },
          { label: 'Value', num: true, value: (r) => fmtMoney(r.value) },
          { label: 'Share of value', num: true, value: (r) => fmtPct(r.value_share) },
          { label: 'Cumulative share', num: true, value: (r) => fmtPct(r.cumulative) },
          { label: 'Lowest value', num: true, value: (r) => fmtMoney(r.min_value) },
          { label: 'Highest value', num: true, value: (r) => fmtMoney(r.max_value) },
        ],
        rows,
      ),
    );
  },
});
