import { defineSection } from '../sections.js';
import { mountChart, concentrationOption } from '../charts.js';
import { fmtNum, fmtPct } from '../format.js';

export default defineSection({
  id: 'concentration',
  title: 'Concentration of value',
  when: (d) => (d.concentration?.curve || []).length > 1,
  intro: (d) =>
    `Customers ranked by total value, most valuable first. The top 20 % hold ${fmtPct(d.headline?.top20_share)} of the value; ` +
    `Gini ${fmtNum(d.concentration.gini, 3)}. Shaded bands are the tiers, dashed lines the tier cuts.`,
  render(el, d) {
    mountChart(el, 'concentration', concentrationOption(d), { height: 380, label: 'Lorenz curve of customer value' });
  },
});
