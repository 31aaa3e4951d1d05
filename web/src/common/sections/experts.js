// Experts and key opinion leaders (results.json `experts`, when the project has experts): how they
// are scored, the tiers, the rising stars, the criteria of the ten strongest and the top table with
// the six scores, the total, the tier and the explanation. In the dashboard a row opens the expert.
import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { h, simpleTable } from '../dom.js';
import { mountChart, expertCriteriaOption } from '../charts.js';
import { reportList } from './listing.js';

// The columns printed on A4 portrait (the explanation is the screen's).
const PRINT_EXPERTS = ['expert_id', 'name', 'specialty', 'country', 'tier', 'rising_star', 'trials', 'publications', 'talks', 'committees', 'congress', 'multiplier', 'total_score'];
import { fmtInt, fmtPct } from '../format.js';
import { isRising, methodText, tierRows } from '../experts.js';
import { expertColumns } from './columns.js';

export default defineSection({
  id: 'experts',
  title: 'Experts',
  when: (d) => !!d.experts && typeof d.experts === 'object',
  intro: (d) => {
    const e = d.experts;
    return e.experts === 1 ? t('{n} expert scored openly on six criteria — trials, publications, talks, committees, congress roles and their reach as a multiplier — with the facts behind each score.', { n: fmtInt(e.experts) }) : t('{n} experts scored openly on six criteria — trials, publications, talks, committees, congress roles and their reach as a multiplier — with the facts behind each score.', { n: fmtInt(e.experts) });
  },
  render(el, d, ctx) {
    const e = d.experts;
    const live = !!ctx?.openExpert;
    const method = methodText(e);
    if (method) el.append(h('p', { class: 'footnote', 'data-experts-method': '' }, `${t('How')}: ${method}`));

    const tiers = tierRows(e);
    if (tiers.length) {
      el.append(
        h('h3', null, t('Tiers')),
        simpleTable(
          [
            { label: t('Tier'), value: (r) => r.tier },
            { label: t('Experts'), num: true, value: (r) => fmtInt(r.experts) },
            { label: t('Share'), num: true, value: (r) => fmtPct(r.share) },
          ],
          tiers,
        ),
      );
    }
    const top = e.top || [];
    const rising = top.filter(isRising);
    el.append(
      h('p', { class: 'reason', 'data-rising-stars': String(e.rising_stars ?? rising.length) }, h('strong', null, `${t('Rising stars')}: ${fmtInt(e.rising_stars ?? rising.length)}`), ` — ${t('experts whose score grew strongly over recent years')}`, rising.length ? ` (${t('among the top')}: ${rising.slice(0, 5).map((r) => r.name || r.expert_id).join(', ')}${rising.length > 5 ? ', …' : ''}).` : '.'),
    );
    if (!top.length) return;
    el.append(h('h3', null, t('What carries the score of the ten strongest')), h('p', { class: 'intro' }, t('Each criterion’s score times its weight; the bar’s length is the total score.')));
    mountChart(el, 'expert-criteria', expertCriteriaOption(e), { height: 380, label: t('Weighted criteria scores of the ten experts with the highest total score') });
    el.append(
      h('h3', null, t('The strongest {n}', { n: fmtInt(top.length) })),
      h('p', { class: 'intro' }, live ? t('By total score, with the criteria that carry it. Click a row for the expert.') : t('By total score, with the criteria that carry it.')),
    );
    reportList(el, { name: 'experts-top', columns: expertColumns(), rows: top, limit: 15, search: top.length > 15, onRowClick: live ? (r) => ctx.openExpert(r.expert_id) : undefined, printColumns: PRINT_EXPERTS, csvName: 'experts_top.csv' });
  },
});
