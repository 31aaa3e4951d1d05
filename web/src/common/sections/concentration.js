import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { mountChart, concentrationOption } from '../charts.js';
import { fmtNum, fmtPct } from '../format.js';

export default defineSection({
  id: 'concentration',
  title: 'Concentration of value',
  when: (d) => (d.concentration?.curve || []).length > 1,
  intro: (d) =>
    t('Customers ranked by value, most valuable first. The top 20 % hold {share} of the value; Gini {gini}. Shaded bands are the tiers, dashed lines the tier cuts.', {
      share: fmtPct(d.headline?.top20_share),
      gini: fmtNum(d.concentration.gini, 3),
    }),
  render(el, d) {
    mountChart(el, 'concentration', concentrationOption(d), { height: 380, label: t('Lorenz curve of customer value') });
  },
});
