import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { mountChart, pAliveOption } from '../charts.js';

export default defineSection({
  id: 'p-alive',
  title: 'P(alive) by frequency and recency',
  when: (d) => (d.p_alive_heatmap?.mean_p_alive || []).length > 0,
  intro: (d) =>
    t('Mean probability that a customer is still active, by {rows} and {columns}. Empty cells have no customers.', {
      rows: t(d.p_alive_heatmap.rows || 'frequency'),
      columns: t(d.p_alive_heatmap.columns || 'recency'),
    }),
  render(el, d) {
    const rows = d.p_alive_heatmap.frequency_labels?.length || 7;
    mountChart(el, 'p-alive', pAliveOption(d), { height: Math.max(300, 40 * rows + 120), label: t('Heatmap of mean P(alive)') });
  },
});
