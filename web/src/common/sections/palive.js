import { defineSection } from '../sections.js';
import { mountChart, pAliveOption } from '../charts.js';

export default defineSection({
  id: 'p-alive',
  title: 'P(alive) by frequency and recency',
  when: (d) => (d.p_alive_heatmap?.mean_p_alive || []).length > 0,
  intro: (d) =>
    `Mean probability that a customer is still active, by ${d.p_alive_heatmap.rows || 'frequency'} and ${d.p_alive_heatmap.columns || 'recency'}. Empty cells have no customers.`,
  render(el, d) {
    const rows = d.p_alive_heatmap.frequency_labels?.length || 7;
    mountChart(el, 'p-alive', pAliveOption(d), { height: Math.max(300, 40 * rows + 120), label: 'Heatmap of mean P(alive)' });
  },
});
