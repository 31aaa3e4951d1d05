// Sections that list rows carried in results.json (bounded in size): top customers, churn
// alerts (three groups: at risk, lost, new), key accounts, parent accounts, reference customers.
// The dashboard replaces the customers, alerts and accounts with live, server-paged lists.
// Each list has a CSV button and prints in full (listing.js).
import { defineSection } from '../sections.js';
import { h, factList } from '../dom.js';
import { fmtInt } from '../format.js';
import { t } from '../i18n.js';
import { reportList } from './listing.js';
import { customerColumns, alertColumns, accountColumns, referenceColumns, keyAccountColumns } from './columns.js';

// The columns printed on A4 portrait (all the rows, fewer columns than on screen).
const PRINT_CUSTOMERS = ['customer_id', 'name', 'type', 'tier', 'key_account', 'value', 'clv', 'referral_value', 'p_alive', 'upside'];
const PRINT_ALERTS = ['rank', 'customer_id', 'name', 'group', 'tier', 'contact_by', 'value_at_risk', 'win_back_value', 'value', 'p_alive', 'days_since_last', 'overdue_ratio', 'trend', 'new'];
const PRINT_KEY_ACCOUNTS = ['customer_id', 'name', 'type', 'tier', 'key_account', 'value', 'p_alive', 'annual_revenue', 'upside'];
const PRINT_ACCOUNTS = ['account_id', 'name', 'type', 'customers', 'value', 'share_of_wallet', 'upside', 'value_at_risk', 'alerts', 'lost'];
const PRINT_REFERENCE = ['segment', 'rank', 'customer_id', 'name', 'tier', 'p_alive', 'purchases', 'gap_cv', 'revenue_per_year', 'segment_median_revenue_per_year'];

export const topCustomers = defineSection({
  id: 'top-customers',
  title: 'Top customers',
  when: (d) => (d.top_customers || []).length > 0,
  intro: (d) =>
    d.top_customers.length === 1
      ? t('The customer of highest value.')
      : t('The {n} customers of highest value ({rank_by}).', { n: fmtInt(d.top_customers.length), rank_by: rankByText(d) }),
  render(el, d) {
    reportList(el, { name: 'top-customers', columns: customerColumns(), rows: d.top_customers, printColumns: PRINT_CUSTOMERS, csvName: 'top_customers.csv' });
  },
});

/** What the value is (settings.rank_by): CLV, or CLV + referral value. */
function rankByText(d) {
  const by = d.settings?.rank_by ?? d.headline?.rank_by ?? 'clv';
  return by === 'clv' ? t('CLV') : t('CLV + referral value');
}

// The alert groups, the first is the default. `rows` picks a group's rows from alerts.top.
const GROUPS = [
  { id: 'at_risk', label: () => t('At risk'), rows: (rows) => rows.filter((r) => r.group === 'at_risk') },
  { id: 'lost', label: () => t('Lost (win-back)'), rows: (rows) => rows.filter((r) => r.group === 'lost') },
  // Without a previous run there is nothing to be new against: the group is empty then.
  { id: 'new', label: () => t('New since the previous run'), rows: (rows, a) => (a.previous_run === false ? [] : rows.filter((r) => r.new === 'new' || r.new === true)) },
];

/** The group a shareable link names: #alerts?group=lost. */
function linkedGroup() {
  if (typeof location === 'undefined') return null;
  const m = /^#alerts\?(.*)$/.exec(location.hash || '');
  return m ? new URLSearchParams(m[1]).get('group') : null;
}

export const alerts = defineSection({
  id: 'alerts',
  title: 'Churn alerts',
  when: (d) => !!d.alerts,
  intro: (d) => {
    const a = d.alerts;
    const rows = a.top || [];
    const listed = (group, count) => {
      const shown = rows.filter((r) => r.group === group).length;
      return shown < (count ?? 0) ? ` ${t('The first {shown} of {count} are listed.', { shown: fmtInt(shown), count: fmtInt(count) })}` : '';
    };
    return [
      t('At risk: {n} live customers whose P(alive) is low or whose next order is overdue, ranked by the value still to save; contact them by the date shown.', { n: fmtInt(a.at_risk ?? 0) }) + listed('at_risk', a.at_risk),
      t('Lost: {n} customers who have most likely stopped buying, ranked by win-back value.', { n: fmtInt(a.lost ?? 0) }) + listed('lost', a.lost),
      a.previous_run === false ? t('New: there was no previous run to compare with.') : t('New: {n} alerts that were not in the previous run.', { n: fmtInt(a.new ?? 0) }),
    ].join(' ');
  },
  render(el, d) {
    const all = d.alerts.top || [];
    if (!all.length) return el.append(h('p', { class: 'empty' }, t('No churn alerts.')));
    const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('Alert groups') });
    el.append(bar);
    const panels = [];
    const wanted = linkedGroup();
    const start = GROUPS.some((g) => g.id === wanted) ? wanted : 'at_risk';
    for (const g of GROUPS) {
      const rows = g.rows(all, d.alerts);
      const count = g.id === 'at_risk' ? d.alerts.at_risk : g.id === 'lost' ? d.alerts.lost : d.alerts.previous_run === false ? null : d.alerts.new;
      const tab = h(
        'button',
        { type: 'button', class: 'tab', role: 'tab', id: `tab-alerts-${g.id}`, 'data-group': g.id, 'aria-controls': `panel-alerts-${g.id}` },
        `${g.label()} (${count === null ? '–' : fmtInt(count ?? rows.length)})`,
      );
      const panel = h('div', { class: 'tab-panel', role: 'tabpanel', id: `panel-alerts-${g.id}`, 'data-group': g.id, 'aria-labelledby': `tab-alerts-${g.id}` }, h('h3', { class: 'print-heading' }, g.label()));
      bar.append(tab);
      el.append(panel);
      panels.push({ g, tab, panel, rows });
      if (!rows.length) {
        panel.append(h('p', { class: 'empty' }, g.id === 'new' && d.alerts.previous_run === false ? t('No previous run to compare with.') : t('No alerts in this group.')));
        continue;
      }
      const group = g.id === 'new' ? 'new' : g.id;
      const columns = alertColumns({ group, withNew: d.alerts.previous_run !== false });
      const list = reportList(panel, {
        name: g.id === 'at_risk' ? 'alerts' : `alerts-${g.id}`,
        columns,
        rows,
        printColumns: PRINT_ALERTS.filter((c) => g.id === 'new' || c !== 'group'),
        csvName: `alerts_${g.id}.csv`,
        defer: true,
      });
      panels.at(-1).list = list;
    }
    const select = (id) => {
      for (const p of panels) {
        const on = p.g.id === id;
        p.tab.setAttribute('aria-selected', String(on));
        p.tab.classList.toggle('active', on);
        p.panel.classList.toggle('inactive', !on);
        if (on) p.list?.show();
      }
    };
    for (const p of panels) p.tab.addEventListener('click', () => select(p.g.id));
    select(start);
    // A link to a group (#alerts?group=lost) opened in the page picks it too.
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        const g = linkedGroup();
        if (GROUPS.some((x) => x.id === g)) select(g);
      });
    }
  },
});

export const keyAccounts = defineSection({
  id: 'key-accounts',
  title: 'Key accounts',
  when: (d) => !!d.key_accounts,
  intro: (d) => {
    const k = d.key_accounts;
    const text = t('{n} live customers among the most valuable (value) or with the largest upside (upside), by value.', { n: fmtInt(k.count) });
    return k.shown < k.count ? `${text} ${t('The first {shown} of {count} are listed.', { shown: fmtInt(k.shown), count: fmtInt(k.count) })}` : text;
  },
  render(el, d) {
    const rows = d.key_accounts.top || [];
    if (!rows.length) return el.append(h('p', { class: 'empty' }, t('No key accounts.')));
    reportList(el, { name: 'key-accounts', columns: keyAccountColumns(), rows, printColumns: PRINT_KEY_ACCOUNTS, csvName: 'key_accounts.csv' });
  },
});

export const accounts = defineSection({
  id: 'accounts',
  title: 'Accounts',
  when: (d) => !!d.accounts,
  render(el, d) {
    const a = d.accounts;
    el.append(
      factList([
        [t('Accounts listed'), fmtInt(a.listed)],
        [t('Parent accounts'), fmtInt(a.parents)],
        [t('Prospects (no purchase yet)'), fmtInt(a.prospects)],
      ]),
    );
    if ((a.top_parents || []).length) {
      el.append(h('h3', null, t('Parent accounts by rolled-up value')), h('p', { class: 'intro' }, t('Each parent with the values of all the accounts under it.')));
      reportList(el, { name: 'top-parents', columns: accountColumns(), rows: a.top_parents, limit: 10, printColumns: PRINT_ACCOUNTS, csvName: 'top_parents.csv' });
    }
    if ((a.top_upside || []).length) {
      el.append(h('h3', null, t('Largest upside')), h('p', { class: 'intro' }, t('Potential annual revenue not yet won: potential − expected annual revenue.')));
      reportList(el, { name: 'top-upside', columns: accountColumns(), rows: a.top_upside, limit: 10, printColumns: PRINT_ACCOUNTS, csvName: 'top_upside.csv' });
    }
  },
});

export const reference = defineSection({
  id: 'reference',
  title: 'Reference customers',
  when: (d) => (d.reference_customers || []).length > 0,
  intro: 'Per segment, the loyal customers closest to the segment’s median profile.',
  render(el, d) {
    reportList(el, { name: 'reference', columns: referenceColumns(), rows: d.reference_customers, printColumns: PRINT_REFERENCE, csvName: 'reference_customers.csv' });
  },
});
