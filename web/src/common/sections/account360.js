// Account 360 (results.json `account_views`: the top parent accounts by value, each the object
// GET /api/accounts/{id} answers): per account its place in the hierarchy, the figures of its
// subtree, the tiers, the alerts, the direct children, the top customers, the monthly purchase
// history (a chart), and its experts and plan when there are any. Anchor: #a360-<account_id>
// (a link #account=<id> scrolls there).
import { defineSection } from '../sections.js';
import { h, append, factList, simpleTable } from '../dom.js';
import { mountChart, historyOption } from '../charts.js';
import { fmtCode, fmtDate, fmtInt, fmtMoney, fmtNum, fmtPct, fmtProb, fmtText, toNum } from '../format.js';
import { monthText, t } from '../i18n.js';

export function accountAnchor(id) {
  return `a360-${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export default defineSection({
  id: 'account-360',
  title: 'Account 360',
  when: (d) => Array.isArray(d.account_views) && d.account_views.length > 0,
  intro: (d) => t('The {n} parent accounts of highest value, each with everything under it: value, alerts, tiers, children, top customers and purchases per month.', { n: fmtInt(d.account_views.length) }),
  render(el, d) {
    const views = d.account_views;
    el.append(
      h(
        'nav',
        { class: 'account-index', 'aria-label': t('Accounts') },
        views.map((v) => h('a', { href: `#${accountAnchor(v.account.account_id)}` }, v.account.name || v.account.account_id)),
      ),
    );
    for (const v of views) el.append(accountView(v));
  },
});

/** One Account 360 view (the object GET /api/accounts/{id} answers) as an <article>; the dashboard's account panel can show it too. */
export function accountView(v) {
  const a = v.account || {};
  const al = v.alerts || {};
  const art = h('article', { class: 'account-360', id: accountAnchor(a.account_id), 'data-account': a.account_id });
  const path = (v.path || []).map((p) => p.name || p.account_id);
  append(art, [
    h('h3', null, `${a.name || a.account_id} `, h('span', { class: 'muted' }, `${a.account_id}${a.type ? ` · ${fmtCode(a.type)}` : ''}`)),
    path.length ? h('p', { class: 'breadcrumb' }, `${t('Part of')}: ${path.join(' › ')}`) : null,
    factList(
      [
        [t('Value'), fmtMoney(a.value)],
        a.clv != null ? [t('CLV'), fmtMoney(a.clv)] : null,
        a.referral_value != null ? [t('Referral value'), fmtMoney(a.referral_value), t('separate, not added')] : null,
        [t('Customers'), fmtInt(a.customers)],
        [t('Annual revenue'), fmtMoney(a.annual_revenue)],
        a.potential != null ? [t('Share of wallet'), fmtPct(a.share_of_wallet)] : null,
        a.upside != null ? [t('Upside'), fmtMoney(a.upside)] : null,
        [t('At risk'), fmtInt(al.at_risk ?? a.alerts), t('value to save {value}', { value: fmtMoney(al.value_at_risk ?? a.value_at_risk) })],
        [t('Lost'), fmtInt(al.lost ?? a.lost), al.win_back_value != null ? t('win-back value {value}', { value: fmtMoney(al.win_back_value) }) : null],
      ].filter(Boolean),
    ),
  ]);

  const grid = h('div', { class: 'a360-grid' });
  art.append(grid);
  const cell = (title, ...content) => grid.append(h('div', { class: 'a360-cell' }, h('h4', null, title), ...content));

  const tiers = v.tiers || [];
  if (tiers.length) {
    cell(
      t('Tiers'),
      simpleTable(
        [
          { label: t('Tier'), value: (r) => r.tier },
          { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
        ],
        tiers,
      ),
    );
  }
  const hist = v.history;
  if (hist?.months?.length) {
    const revenue = hist.revenue || [];
    const orders = hist.orders || [];
    const sum = (xs, from, to) => xs.slice(from, to).reduce((s, x) => s + (toNum(x) || 0), 0);
    const n = hist.months.length;
    const last = Math.max(0, n - 12);
    cell(
      t('Purchases per month'),
      h(
        'p',
        { class: 'footnote a360-trend' },
        t('Last 12 months: revenue {revenue}, {orders} orders; the 12 before: revenue {before}, {before_orders} orders.', {
          revenue: fmtMoney(sum(revenue, last, n)),
          orders: fmtInt(sum(orders, last, n)),
          before: fmtMoney(sum(revenue, Math.max(0, last - 12), last)),
          before_orders: fmtInt(sum(orders, Math.max(0, last - 12), last)),
        }),
      ),
    );
    const target = grid.lastChild;
    mountChart(target, 'account-history', historyOption(hist.months.map((m, i) => ({ date: `${m}-15`, amount: revenue[i] ?? 0 }))), {
      height: 170,
      label: t('Revenue per month of {name}, {from} to {to}', { name: a.name || a.account_id, from: monthText(hist.months[0]), to: monthText(hist.months[n - 1]) }),
    });
  }

  const alertRows = al.top || [];
  art.append(h('h4', null, t('Alerts')));
  if (!alertRows.length) art.append(h('p', { class: 'empty' }, t('No alerts under this account.')));
  else
    art.append(
      simpleTable(
        [
          { label: t('ID'), value: (r) => r.customer_id },
          { label: t('Name'), value: (r) => fmtText(r.name) },
          { label: t('Group'), value: (r) => fmtCode(r.group) + (r.new === 'new' ? ` (${t('new')})` : '') },
          { label: t('Trend'), value: (r) => fmtCode(r.trend) },
          { label: t('P(alive)'), num: true, value: (r) => fmtProb(r.p_alive) },
          { label: t('Contact by'), value: (r) => fmtDate(r.contact_by) },
          { label: t('Value to save'), num: true, value: (r) => (r.group === 'lost' ? '' : fmtMoney(r.value_at_risk)) },
          { label: t('Win-back value'), num: true, value: (r) => (r.group === 'lost' ? fmtMoney(r.win_back_value) : '') },
        ],
        alertRows,
        { wrap: true },
      ),
    );

  const children = v.children?.top || [];
  if (children.length) {
    art.append(
      h('h4', null, v.children.count > children.length ? t('Children (the {shown} of highest value of {count})', { shown: fmtInt(children.length), count: fmtInt(v.children.count) }) : t('Children')),
      simpleTable(
        [
          { label: t('ID'), value: (r) => r.id },
          { label: t('Name'), value: (r) => fmtText(r.name) },
          { label: t('Type'), value: (r) => fmtCode(r.type) },
          { label: t('Kind'), value: (r) => (r.kind === 'account' ? t('account') : t('customer')) },
          { label: t('Tier'), value: (r) => r.tier || '' },
          { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
          { label: t('Alerts'), num: true, value: (r) => fmtInt(r.alerts) },
        ],
        children,
        { wrap: true },
      ),
    );
  }
  const top = v.top_customers || [];
  if (top.length) {
    art.append(
      h('h4', null, t('Top customers')),
      simpleTable(
        [
          { label: t('ID'), value: (r) => r.customer_id },
          { label: t('Name'), value: (r) => fmtText(r.name) },
          { label: t('Tier'), value: (r) => r.tier || '' },
          { label: t('Key acct.'), value: (r) => fmtCode(r.key_account) },
          { label: t('Alert'), value: (r) => fmtCode(r.alert) },
          { label: t('P(alive)'), num: true, value: (r) => fmtProb(r.p_alive) },
          { label: t('CLV'), num: true, value: (r) => fmtMoney(r.clv) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
        ],
        top,
        { wrap: true },
      ),
    );
  }
  const ex = v.experts;
  if (ex && (ex.top || []).length) {
    art.append(
      h('h4', null, t('Experts ({n})', { n: fmtInt(ex.count) })),
      simpleTable(
        [
          { label: t('ID'), value: (r) => r.expert_id },
          { label: t('Name'), value: (r) => fmtText(r.name) },
          { label: t('Specialty'), value: (r) => fmtText(r.specialty) },
          { label: t('Tier'), value: (r) => fmtCode(r.tier) },
          { label: t('Total score'), num: true, value: (r) => fmtNum(r.total_score, 1) },
          { label: t('Account'), value: (r) => fmtText(r.customer_id) },
        ],
        ex.top,
        { wrap: true },
      ),
    );
  }
  const plan = v.plan;
  if (plan) {
    art.append(
      h('h4', null, t('Effort plan')),
      factList([
        [t('Customers planned'), fmtInt(plan.customers)],
        [t('Contacts'), fmtInt(plan.contacts), plan.current_contacts != null ? t('today {n}', { n: fmtNum(plan.current_contacts, 1) }) : null],
        [t('Expected gain'), fmtMoney(plan.expected_gain)],
      ]),
    );
    if ((plan.reps || []).length) {
      art.append(
        simpleTable(
          [
            { label: t('Rep'), value: (r) => r.rep_id },
            { label: t('Contacts'), num: true, value: (r) => fmtInt(r.contacts) },
            { label: t('Expected gain'), num: true, value: (r) => fmtMoney(r.expected_gain) },
          ],
          plan.reps,
        ),
      );
    }
  }
  return art;
}
