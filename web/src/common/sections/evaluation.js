import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { h, factList, simpleTable } from '../dom.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct } from '../format.js';

const LABELS = { winnow: 'winnow (value)', naive_last_year_revenue: 'Last year’s revenue' };

export default defineSection({
  id: 'evaluation',
  title: 'Evaluation against the truth',
  when: (d) => !!d.evaluation,
  render(el, d) {
    const e = d.evaluation;
    el.append(
      factList(
        [
          [t('Truth file'), e.truth],
          [t('Window'), t('{n} days', { n: fmtInt(e.window_days) })],
          [t('Customers'), fmtInt(e.customers)],
          [t('Realized value'), fmtMoney(e.realized_value)],
          e.alive_accuracy != null ? [t('Alive accuracy'), fmtPct(e.alive_accuracy)] : null,
        ].filter(Boolean),
      ),
    );
    const rows = Object.entries(e)
      .filter(([, v]) => v && typeof v === 'object' && 'top20_capture' in v)
      .map(([k, v]) => ({ name: LABELS[k] ? t(LABELS[k]) : k.replace(/_/g, ' '), ...v }));
    if (rows.length) {
      el.append(h('p', { class: 'intro' }, t('How much of the realized value the top 20 % of each ranking capture.')));
      el.append(
        simpleTable(
          [
            { label: t('Ranking by'), value: (r) => r.name },
            { label: t('Top 20 % capture'), num: true, value: (r) => fmtPct(r.top20_capture) },
            { label: t('Best possible'), num: true, value: (r) => fmtPct(r.best_possible_top20_capture) },
            { label: t('Spearman'), num: true, value: (r) => fmtNum(r.spearman, 3) },
          ],
          rows,
        ),
      );
    }
  },
});
