// The detail panel: a customer (/api/customers/{id} → history chart, predictions, reasons, the
// account's experts) or an expert (/api/experts/{id} → scores per criterion, explanation, neighbours).
import { h, clear, factList, simpleTable } from '../common/dom.js';
import { mountChart, disposeCharts, historyOption } from '../common/charts.js';
import { FORMATS, fmtInt, fmtKeyAccount, fmtNum, fmtPct, fmtReason } from '../common/format.js';
import { criteriaRows, isRising } from '../common/experts.js';
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
  panel.removeAttribute('data-expert-id');
  panel.dataset.state = 'closed';
  lastFocus?.focus?.();
}

// Opens the panel on `id`: loads `path` and shows it with `show`, or the error `describe` gives;
// the newest call wins (an older answer arriving later is dropped).
async function loadDetail(id, path, describe, show) {
  detailPanel();
  const mine = ++seq;
  if (panel.hidden) lastFocus = document.activeElement;
  disposeCharts(panel);
  clear(body).append(h('p', { class: 'muted' }, `Loading ${id}…`));
  panel.hidden = false;
  panel.dataset.state = 'loading';
  panel.removeAttribute('data-customer-id');
  panel.removeAttribute('data-expert-id');
  panel.focus();
  let res;
  try {
    res = await api(path);
  } catch (e) {
    if (mine !== seq) return;
    panel.dataset.state = 'error';
    clear(body).append(h('h2', null, id), h('p', { class: 'error' }, describe(e)));
    return;
  }
  if (mine !== seq) return;
  show(res);
  panel.dataset.state = 'loaded';
}

export function openCustomer(id) {
  return loadDetail(
    id,
    `api/customers/${encodeURIComponent(id)}`,
    (e) => (e.status === 404 ? `No customer record for ${id} (an account without purchases of its own).` : e.message),
    (res) => {
      render(res);
      panel.dataset.customerId = id;
      panel.dataset.purchases = String((res.history || []).length);
    },
  );
}

// The experts' weights (results.json experts.weights), set by the dashboard when it renders.
let expertWeights = null;
export function useExpertWeights(weights) {
  expertWeights = weights || null;
}

export function openExpert(id) {
  return loadDetail(
    id,
    `api/experts/${encodeURIComponent(id)}`,
    (e) => e.message,
    (res) => {
      renderExpert(res);
      panel.dataset.expertId = id;
      panel.dataset.neighbours = String((res.neighbours || []).length);
    },
  );
}

const link = (label, onclick) => h('button', { type: 'button', class: 'link', onclick }, label);

function renderExpert({ expert: x = {}, neighbours = [] }) {
  clear(body);
  const sub = [x.expert_id, x.specialty, x.institution, x.country].filter(Boolean).join(' · ');
  const badges = [x.tier && h('span', { class: 'badge tier' }, `Tier ${x.tier}`), isRising(x) && h('span', { class: 'badge key' }, 'Rising star')];
  body.append(h('h2', { id: 'detail-title' }, x.name || x.expert_id), h('p', { class: 'muted' }, sub), h('div', { class: 'badges' }, badges));
  if (x.customer_id) body.append(h('p', { 'data-expert-account': x.customer_id }, 'Works at account ', link(x.customer_id, () => openCustomer(x.customer_id)), '.'));
  if (x.explanation) body.append(h('h3', null, 'Why'), h('div', { class: 'reasons' }, h('p', { 'data-reason': 'explanation' }, x.explanation)));
  body.append(
    h('h3', null, `Scores (total ${fmtNum(x.total_score, 1)})`),
    simpleTable(
      [
        { label: 'Criterion', value: (r) => h('span', { title: r.what }, r.label) },
        { label: 'Score', num: true, title: '0-100 within the comparison group', value: (r) => fmtNum(r.score, 1) },
        { label: 'Weight', num: true, value: (r) => fmtPct(r.weight, 0) },
        { label: 'Adds', num: true, title: 'weight × score: the part of the total', value: (r) => fmtNum(r.contribution, 1) },
      ],
      criteriaRows(x, expertWeights),
      { rowClass: () => 'expert-criterion' },
    ),
  );
  if (x.pagerank !== undefined) body.append(factList([['PageRank', fmtNum(x.pagerank, 5), 'the raw centrality behind the multiplier']]));
  body.append(h('h3', null, `Network (${fmtInt(neighbours.length)})`));
  if (!neighbours.length) {
    body.append(h('p', { class: 'empty' }, 'No joint publications, trials or events with other experts.'));
    return;
  }
  body.append(
    h('p', { class: 'intro' }, 'The experts linked by joint work, strongest link first.'),
    simpleTable(
      [
        { label: 'Expert', value: (n) => link(n.name || n.expert_id, () => openExpert(n.expert_id)) },
        { label: 'Tier', value: (n) => n.tier || '' },
        { label: 'Weight', num: true, title: 'joint publications, trials and events', value: (n) => fmtNum(n.weight, 2) },
      ],
      neighbours.slice(0, 25),
      { rowClass: () => 'expert-neighbour' },
    ),
  );
  if (neighbours.length > 25) body.append(h('p', { class: 'footnote' }, `and ${fmtInt(neighbours.length - 25)} more.`));
}

function render({ customer: c = {}, history = [], reasons = {}, experts }) {
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

  // The experts who work at this account (only when the project has experts).
  if (Array.isArray(experts) && (expertWeights !== null || experts.length)) {
    body.append(h('h3', null, `Experts at this account (${fmtInt(experts.length)})`));
    if (!experts.length) body.append(h('p', { class: 'empty' }, 'No experts work here.'));
    else {
      body.append(
        simpleTable(
          [
            { label: 'Expert', value: (x) => link(x.name || x.expert_id, () => openExpert(x.expert_id)) },
            { label: 'Specialty', value: (x) => x.specialty || '' },
            { label: 'Tier', value: (x) => x.tier || '' },
            { label: 'Total', num: true, value: (x) => fmtNum(x.total_score, 1) },
          ],
          experts,
          { rowClass: () => 'account-expert' },
        ),
      );
    }
  }
}
