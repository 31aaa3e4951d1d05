import { defineSection } from '../sections.js';
import { h, factList, simpleTable } from '../dom.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct } from '../format.js';

const LABELS = { winnow: 'winnow (total value)', naive_last_year_revenue: "Last year's revenue" };

export default defineSection({
  id: 'evaluation',
  title: 'Evaluation against the truth',
  when: (d) => !!d.evaluation,
  render(el, d) {
    const e = d.evaluation;
    el.append(
      factList(
        [
          ['Truth file', e.truth],
          ['Window', `${fmtInt(e.window_days)} days`],
          ['Customers', fmtInt(e.customers)],
          ['Realized value', fmtMoney(e.realized_value)],
          e.alive_accuracy != null ? ['Alive accuracy', fmtPct(e.alive_accuracy)] : null,
        ].filter(Boolean),
      ),
    );
    const rows = Object.entries(e)
      .filter(([, v]) => v && typeof v === 'object' && 'top20_capture' in v)
      .map(([k, v]) => ({ name: LABELS[k] || k.replace(/_/g, ' '), ...v }));
    if (rows.length) {
      el.append(h('p', { class: 'intro' }, 'How much of the realized value the top 20 % of each ranking capture.'));
      el.append(
        simpleTable(
          [
            { label: 'Ranking by', value: (r) => r.name },
            { label: 'Top 20 % capture', num: true, value: (r) => fmtPct(r.top20_capture) },
            { label: 'Best possible', num: true, value: (r) => fmtPct(r.best_possible_top20_capture) },
            { label: 'Spearman', num: true, value: (r) => fmtNum(r.spearman, 3) },
          ],
          rows,
        ),
      );
    }
  },
});
