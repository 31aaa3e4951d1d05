// The customer detail panel: /api/customers/{id} → history chart, predictions, reasons.
import { h, clear, factList } from '../common/dom.js';
import { mountChart, disposeCharts, historyOption } from '../common/charts.js';
import { FORMATS, fmtInt, fmtKeyAccount, fmtReason } from '../common/format.js';
import { columnSet } from '../common/sections/columns.js';
import { api } from './api.js';

// The customer's columns shown, by group; labels and formats follow from the declaration of
// customers.csv that results.json carries (src/results/columns.h).
const GROUPS = [
  ['Value', ['total_value', 'clv', 'referral_value', 'referrals', 'dert']],
  ['Predictions', ['p_alive', 'expected_purchases', 'expected_spend', 'annual_revenue']],
  ['Account', ['potential', 'share_of_wallet', 'upside', 'rfm']],
  ['Purchase behaviour', ['first_purchase', 'last_purchase', 'revenue', 'frequency', 'days_since_last', 'expected_gap_days', 'overdue_ratio', 'value_at_risk']],
];
const REASONS = [
  ['tier', 'Tier'],
  ['key_account', 'Key account'],
  ['alert', 'Alert'],
];

let panel;
let body;
let seq = 0;
let lastFocus = null;

export function detailPanel() {
  if (panel) return panel;
  body = h('div', { class: 'drawer-body' });
  panel = h(
    'aside',
    { id: 'customer-detail', class: 'drawer', hidden: true, 'aria-label': 'Customer detail', tabindex: '-1' },
    h('button', { type: 'button', class: 'drawer-close', 'aria-label': 'Close the customer detail', onclick: closeCustomer }, '×'),
    body,
  );
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) closeCustomer();
  });
  return panel;
}

export function closeCustomer() {
  if (!panel || panel.hidden) return;
  disposeCharts(panel);
  panel.hidden = true;
  panel.removeAttribute('data-customer-id');
  panel.dataset.state = 'closed';
  lastFocus?.focus?.();
}

export async function openCustomer(id) {
  detailPanel();
  const mine = ++seq;
  if (panel.hidden) lastFocus = document.activeElement;
  disposeCharts(panel);
  clear(body).append(h('p', { class: 'muted' }, `Loading ${id}…`));
  panel.hidden = false;
  panel.dataset.state = 'loading';
  panel.removeAttribute('data-customer-id');
  panel.focus();
  let res;
  try {
    res = await api(`api/customers/${encodeURIComponent(id)}`);
  } catch (e) {
    if (mine !== seq) return;
    panel.dataset.state = 'error';
    clear(body).append(h('h2', null, id), h('p', { class: 'error' }, e.status === 404 ? `No customer record for ${id} (an account without purchases of its own).` : e.message));
    return;
  }
  if (mine !== seq) return;
  render(res);
  panel.dataset.customerId = id;
  panel.dataset.purchases = String((res.history || []).length);
  panel.dataset.state = 'loaded';
}

function render({ customer: c = {}, history = [], reasons = {} }) {
  clear(body);
  const sub = [c.customer_id, c.type, c.region, c.owner && `owner ${c.owner}`, c.parent_id && `under ${c.parent_id}`].filter(Boolean).join(' · ');
  const badges = [c.tier && h('span', { class: 'badge tier' }, `Tier ${c.tier}`), c.key_account && h('span', { class: 'badge key' }, `Key account: ${fmtKeyAccount(c.key_account)}`), c.alert && h('span', { class: 'badge alert' }, `Alert: ${fmtReason(c.alert)}`)];
  body.append(h('h2', { id: 'detail-title' }, c.name || c.customer_id), h('p', { class: 'muted' }, sub), h('div', { class: 'badges' }, badges));

  const rs = REASONS.filter(([k]) => reasons?.[k]);
  if (rs.length) body.append(h('h3', null, 'Why'), h('div', { class: 'reasons' }, rs.map(([k, label]) => h('p', { 'data-reason': k }, h('strong', null, `${label}: `), reasons[k]))));

  body.append(h('h3', null, `Purchase history (${fmtInt(history.length)})`));
  if (history.length) mountChart(body, 'history', historyOption(history), { height: 200, label: 'Purchase history' });
  else body.append(h('p', { class: 'empty' }, 'No purchases in the log.'));

  for (const [title, ids] of GROUPS) {
    const items = columnSet('customers.csv', ids)
      .filter((col) => col.id in c)
      .map((col) => [col.name, FORMATS[col.format](c[col.id])]);
    if (items.length) body.append(h('h3', null, title), factList(items));
  }
}
