// Experts and key opinion leaders (results.json `experts`, when the project has experts): how they
// are scored, the tiers, the rising stars, the criteria of the ten strongest and the top table with
// the six scores, the total, the tier and the explanation. In the dashboard a row opens the expert.
import { defineSection } from '../sections.js';
import { h, simpleTable } from '../dom.js';
import { mountChart, expertCriteriaOption } from '../charts.js';
import { clientTable } from '../table.js';
import { fmtInt, fmtPct } from '../format.js';
import { isRising, methodText, tierRows } from '../experts.js';
import { expertColumns } from './columns.js';

export default defineSection({
  id: 'experts',
  title: 'Experts',
  when: (d) => !!d.experts && typeof d.experts === 'object',
  intro: (d) => {
    const e = d.experts;
    return `${fmtInt(e.experts)} expert${e.experts === 1 ? '' : 's'} scored openly on six criteria — trials, publications, talks, committees, congress roles and their reach as a multiplier — with the facts behind each score.`;
  },
  render(el, d, ctx) {
    const e = d.experts;
    const live = !!ctx?.openExpert;
    const method = methodText(e);
    if (method) el.append(h('p', { class: 'footnote', 'data-experts-method': '' }, `How: ${method}`));

    const tiers = tierRows(e);
    if (tiers.length) {
      el.append(
        h('h3', null, 'Tiers'),
        simpleTable(
          [
            { label: 'Tier', value: (r) => r.tier },
            { label: 'Experts', num: true, value: (r) => fmtInt(r.experts) },
            { label: 'Share', num: true, value: (r) => fmtPct(r.share) },
          ],
          tiers,
        ),
      );
    }
    const top = e.top || [];
    const rising = top.filter(isRising);
    el.append(
      h('p', { class: 'reason', 'data-rising-stars': String(e.rising_stars ?? rising.length) }, h('strong', null, `Rising stars: ${fmtInt(e.rising_stars ?? rising.length)}`), ' — experts whose score grew strongly over recent years', rising.length ? ` (among the top: ${rising.slice(0, 5).map((r) => r.name || r.expert_id).join(', ')}${rising.length > 5 ? ', …' : ''}).` : '.'),
    );
    if (!top.length) return;
    el.append(h('h3', null, 'What carries the score of the ten strongest'), h('p', { class: 'intro' }, 'Each criterion’s score times its weight; the bar’s length is the total score.'));
    mountChart(el, 'expert-criteria', expertCriteriaOption(e), { height: 380, label: 'Weighted criteria scores of the ten experts with the highest total score' });
    el.append(
      h('h3', null, `The strongest ${fmtInt(top.length)}`),
      h('p', { class: 'intro' }, `By total score, with the criteria that carry it.${live ? ' Click a row for the expert.' : ''}`),
    );
    clientTable(el, { name: 'experts-top', columns: expertColumns(), rows: top, limit: 15, search: top.length > 15, onRowClick: live ? (r) => ctx.openExpert(r.expert_id) : undefined });
  },
});
