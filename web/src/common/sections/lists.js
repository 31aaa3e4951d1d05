// Sections that list rows carried in results.json (bounded in size): top customers,
// churn alerts, key accounts, reference customers. The dashboard replaces the first
// three with live, server-paged lists.
import { defineSection } from '../sections.js';
import { h, factList } from '../dom.js';
import { clientTable } from '../table.js';
import { fmtInt } from '../format.js';
import { customerColumns, alertColumns, accountColumns, referenceColumns } from './columns.js';

export const topCustomers = defineSection({
  id: 'top-customers',
  title: 'Top customers',
  when: (d) => (d.top_customers || []).length > 0,
  intro: (d) => `The ${d.top_customers.length === 1 ? 'customer' : `${fmtInt(d.top_customers.length)} customers`} of highest total value (CLV + referral value).`,
  render(el, d) {
    clientTable(el, { name: 'top-customers', columns: customerColumns(), rows: d.top_customers, limit: 15 });
  },
});

export const alerts = defineSection({
  id: 'alerts',
  title: 'Churn alerts',
  when: (d) => !!d.alerts,
  intro: (d) =>
    `${fmtInt(d.alerts.count)} customers whose P(alive) is low or whose next purchase is overdue, ranked by value at risk` +
    (d.alerts.shown < d.alerts.count ? `; the first ${fmtInt(d.alerts.shown)} are listed.` : '.'),
  render(el, d) {
    const rows = d.alerts.top || [];
    if (!rows.length) return el.append(h('p', { class: 'empty' }, 'No churn alerts.'));
    clientTable(el, { name: 'alerts', columns: alertColumns(), rows, limit: 15 });
  },
});

export const accounts = defineSection({
  id: 'accounts',
  title: 'Key accounts',
  when: (d) => !!d.accounts,
  render(el, d) {
    const a = d.accounts;
    el.append(
      factList([
        ['Accounts listed', fmtInt(a.listed)],
        ['Parent accounts', fmtInt(a.parents)],
        ['Prospects (no purchase yet)', fmtInt(a.prospects)],
      ]),
    );
    if ((a.top_parents || []).length) {
      el.append(h('h3', null, 'Parent accounts by rolled-up value'), h('p', { class: 'intro' }, 'Each parent with the values of all the accounts under it.'));
      clientTable(el, { name: 'top-parents', columns: accountColumns(), rows: a.top_parents, limit: 10 });
    }
    if ((a.top_upside || []).length) {
      el.append(h('h3', null, 'Largest upside'), h('p', { class: 'intro' }, 'Potential annual revenue not yet won: potential − expected annual revenue.'));
      clientTable(el, { name: 'top-upside', columns: accountColumns(), rows: a.top_upside, limit: 10 });
    }
  },
});

export const reference = defineSection({
  id: 'reference',
  title: 'Reference customers',
  when: (d) => (d.reference_customers || []).length > 0,
  intro: 'Per segment, the loyal customers closest to the segment’s median profile.',
  render(el, d) {
    clientTable(el, { name: 'reference', columns: referenceColumns(), rows: d.reference_customers, limit: 15 });
  },
});
