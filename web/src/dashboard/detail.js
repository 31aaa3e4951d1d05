// The customer detail panel: /api/customers/{id} → history chart, predictions, reasons.
import { h, clear, factList } from '../common/dom.js';
import { mountChart, disposeCharts, historyOption } from '../common/charts.js';
import { fmtInt, fmtKeyAccount, fmtMoney, fmtNum, fmtPct, fmtProb, fmtReason, fmtText } from '../common/format.js';
import { api } from './api.js';

const GROUPS = [
  ['Value', [['total_value', 'Total value', fmtMoney], ['clv', 'CLV', fmtMoney], ['referral_value', 'Referral value', fmtMoney], ['referrals', 'Referrals', fmtInt], ['dert', 'DERT', (v) => fmtNum(v, 2)]]],
  ['Predictions', [['p_alive', 'P(alive)', fmtProb], ['expected_purchases', 'Expected purchases', (v) => fmtNum(v, 1)], ['expected_spend', 'Expected spend', fmtMoney], ['annual_revenue', 'Annual revenue', fmtMoney]]],
  ['Account', [['potential', 'Potential', fmtMoney], ['share_of_wallet', 'Share of wallet', (v) => fmtPct(v)], ['upside', 'Upside', fmtMoney], ['rfm', 'RFM', fmtText]]],
  [
    'Purchase behaviour',
    [
      ['first_purchase', 'First', fmtText],
      ['last_purchase', 'Last', fmtText],
      ['revenue', 'Revenue', fmtMoney],
      ['frequency', 'Repeat purchases', fmtInt],
      ['days_since_last', 'Days since last', fmtInt],
      ['expected_gap_days', 'Expected gap (days)', (v) => fmtNum(v, 1)],
      ['overdue_ratio', 'Overdue ratio', (v) => fmtNum(v, 2)],
      ['value_at_risk', 'Value at risk', fmtMoney],
    ],
  ],
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

  for (const [title, fields] of GROUPS) {
    const items = fields.filter(([k]) => k in c).map(([k, label, f]) => [label, f(c[k])]);
    if (items.length) body.append(h('h3', null, title), factList(items));
  }
}
