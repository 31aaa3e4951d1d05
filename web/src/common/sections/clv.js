import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { mountChart, clvDistributionOption } from '../charts.js';

export default defineSection({
  id: 'clv',
  title: 'CLV distribution',
  when: (d) => (d.clv_distribution?.counts || []).length > 0,
  intro: 'Customers per CLV bin on a log scale (bars) and the CLV the bin holds (line).',
  render(el, d) {
    mountChart(el, 'clv-distribution', clvDistributionOption(d), { height: 360, label: t('Histogram of customer lifetime value') });
  },
});
