// The detail panel: a customer (/api/customers/{id} → history chart with the P(alive) path,
// predictions, reasons, the account's experts), an account (/api/accounts/{id} → the account 360:
// its path, subtree figures, tiers, children, top customers, alerts, monthly purchases, experts
// and plan) or an expert (/api/experts/{id} → scores per criterion, explanation, neighbours).
// Accounts, customers and experts named in a panel open their own panel.
import { h, append, clear, factList, simpleTable } from '../common/dom.js';
import { mountChart, disposeCharts, historyOption, accountHistoryOption } from '../common/charts.js';
import { FORMATS, fmtInt, fmtKeyAccount, fmtMoney, fmtNum, fmtPct, fmtProb, fmtReason } from '../common/format.js';
import { criteriaRows, isRising } from '../common/experts.js';
import { columnSet, declaredColumns } from '../common/sections/columns.js';
import { api } from './api.js';
import { t, dateText, monthText } from './texts.js';

// The customer's columns shown, by group; labels and formats follow from the declaration of
// customers.csv that results.json carries (src/results/columns.h).
const GROUPS = [
  ['Value', ['value', 'clv', 'referral_value', 'referrals', 'dert']],
  ['Predictions', ['p_alive', 'expected_purchases', 'expected_spend', 'annual_revenue']],
  ['Account', ['potential', 'share_of_wallet', 'upside', 'rfm']],
  ['Purchase behaviour', ['first_purchase', 'last_purchase', 'revenue', 'frequency', 'days_since_last', 'expected_gap_days', 'overdue_ratio', 'value_at_risk']],
];
// The account's figures (accounts.csv), by group.
// (value, CLV, referral value and the alerts are on its cards)
const ACCOUNT_GROUPS = [
  ['Potential', ['annual_revenue', 'potential', 'share_of_wallet', 'upside']],
  ['Structure', ['level', 'children', 'customers']],
];
const REASONS = [
  ['tier', 'Tier'],
  ['key_account', 'Key account'],
  ['alert', 'Alert'],
];
const GROUP_NAMES = { at_risk: 'At risk', lost: 'Lost' };

/** The declared columns of file among ids that row has, as [label, formatted value] pairs. */
function figures(file, ids, row) {
  const names = new Set(declaredColumns(file).map((c) => c.name));
  return columnSet(
    file,
    ids.filter((id) => names.has(id) && id in row),
  ).map((col) => [col.name, FORMATS[col.format](row[col.id]), null, col.tip, col.id]);
}
/** A fact list whose labels carry the column's meaning as a tooltip (and data-fact its name). */
function figureList(items) {
  const dl = factList(items.map(([label, value, note]) => [label, value, note]));
  [...dl.querySelectorAll('dt')].forEach((dt, i) => {
    if (items[i][3]) dt.title = items[i][3];
    if (items[i][4]) dt.parentElement.dataset.fact = items[i][4];
  });
  return dl;
}

let panel;
let body;
let seq = 0;
let lastFocus = null;
let onChange = () => {};

/** Calls fn({kind: 'customer'|'account'|'expert', id}) when a panel opens and fn(null) when it closes. */
export function onPanelChange(fn) {
  onChange = fn || (() => {});
}

export function detailPanel() {
  if (panel) return panel;
  body = h('div', { class: 'drawer-body' });
  panel = h(
    'aside',
    { id: 'customer-detail', class: 'drawer', hidden: true, 'aria-label': t('Details'), tabindex: '-1' },
    h('button', { type: 'button', class: 'drawer-close', 'aria-label': t('Close the details'), onclick: closeCustomer }, '×'),
    body,
  );
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) closeCustomer();
  });
  return panel;
}

/** The panel that is open: {kind, id}, or null. */
export function openPanel() {
  if (!panel || panel.hidden) return null;
  for (const kind of ['customer', 'account', 'expert']) {
    const id = panel.dataset[`${kind}Id`] || (panel.dataset.wanted === kind ? panel.dataset.wantedId : null);
    if (id) return { kind, id };
  }
  return null;
}

export function closeCustomer() {
  if (!panel || panel.hidden) return;
  seq++; // an answer still on its way is dropped
  disposeCharts(panel);
  panel.hidden = true;
  for (const k of ['data-customer-id', 'data-expert-id', 'data-account-id', 'data-wanted', 'data-wanted-id']) panel.removeAttribute(k);
  panel.dataset.state = 'closed';
  lastFocus?.focus?.();
  onChange(null);
}

// Opens the panel on `id` (a `kind`): loads `path` and shows it with `show`, or the error
// `describe` gives; the newest call wins (an older answer arriving later is dropped).
async function loadDetail(kind, id, path, describe, show) {
  detailPanel();
  const mine = ++seq;
  if (panel.hidden) lastFocus = document.activeElement;
  disposeCharts(panel);
  clear(body).append(h('p', { class: 'muted' }, t('Loading {id}…', { id })));
  panel.hidden = false;
  panel.dataset.state = 'loading';
  for (const k of ['data-customer-id', 'data-expert-id', 'data-account-id', 'data-subtree-customers', 'data-children', 'data-purchases', 'data-neighbours']) panel.removeAttribute(k);
  panel.dataset.wanted = kind;
  panel.dataset.wantedId = id;
  panel.focus();
  onChange({ kind, id });
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
  panel.scrollTop = 0;
  panel.dataset.state = 'loaded';
}

export function openCustomer(id) {
  return loadDetail(
    'customer',
    id,
    `api/customers/${encodeURIComponent(id)}`,
    (e) => (e.status === 404 ? t('No customer {id}.', { id }) : e.message),
    (res) => {
      render(res);
      panel.dataset.customerId = id;
      panel.dataset.purchases = String((res.history || []).length);
      if (res.customer?.alert) showAlert(id, seq);
    },
  );
}

// What a customer's alert says (alerts.csv): its group and reason, the trend, the date to contact
// the customer by, and the value to save or win back. Fetched from /api/alerts when the customer
// has an alert; the newest panel wins.
const ALERT_FACTS = ['group', 'reason', 'trend', 'contact_by', 'value_at_risk', 'win_back_value', 'order_size_change', 'gap_change', 'overdue_ratio'];
async function showAlert(id, mine) {
  const slot = body.querySelector('[data-alert-slot]');
  if (!slot) return;
  let row;
  try {
    const res = await api(`api/alerts?q=${encodeURIComponent(id)}&per_page=50`);
    row = (res.rows || []).find((r) => r.customer_id === id);
  } catch (e) {
    if (mine === seq) slot.append(h('p', { class: 'error' }, e.message));
    return;
  }
  if (mine !== seq || !row) return;
  const shown = ALERT_FACTS.filter((k) => row[k] !== null && row[k] !== undefined && row[k] !== '' && !(k === 'value_at_risk' && row.group === 'lost'));
  const items = figures('alerts.csv', shown, row);
  if (!items.length) return;
  slot.dataset.alertFacts = row.group || '';
  slot.append(h('h3', null, t('The alert')), figureList(items));
}

export function openAccount(id) {
  return loadDetail(
    'account',
    id,
    `api/accounts/${encodeURIComponent(id)}`,
    (e) => (e.status === 404 ? t('No account {id}.', { id }) : e.message),
    (res) => {
      renderAccount(res);
      panel.dataset.accountId = id;
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
    'expert',
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

// Tools shown at the top of a panel (the copy-link button), set by the dashboard.
let panelTools = () => null;
export function usePanelTools(fn) {
  panelTools = fn || (() => null);
}

const link = (label, onclick, attrs = {}) => h('button', { type: 'button', class: 'link', onclick, ...attrs }, label);
const customerLink = (id, label) => link(label || id, () => openCustomer(id), { 'data-open-customer': id });
const accountLink = (id, label) => link(label || id, () => openAccount(id), { 'data-open-account': id });

function renderExpert({ expert: x = {}, neighbours = [] }) {
  clear(body);
  const sub = [x.expert_id, x.specialty, x.institution, x.country].filter(Boolean).join(' · ');
  const badges = [x.tier && h('span', { class: 'badge tier' }, t('Tier {tier}', { tier: x.tier })), isRising(x) && h('span', { class: 'badge key' }, t('Rising star'))];
  body.append(h('h2', { id: 'detail-title' }, x.name || x.expert_id), h('p', { class: 'muted' }, sub), h('div', { class: 'badges' }, badges), panelTools());
  if (x.customer_id) body.append(h('p', { 'data-expert-account': x.customer_id }, t('Works at account'), ' ', link(x.customer_id, () => openCustomer(x.customer_id)), '.'));
  if (x.explanation) body.append(h('h3', null, t('Why')), h('div', { class: 'reasons' }, h('p', { 'data-reason': 'explanation' }, x.explanation)));
  body.append(
    h('h3', null, t('Scores (total {total})', { total: fmtNum(x.total_score, 1) })),
    simpleTable(
      [
        { label: t('Criterion'), value: (r) => h('span', { title: r.what }, r.label) },
        { label: t('Score'), num: true, title: t('0-100 within the comparison group'), value: (r) => fmtNum(r.score, 1) },
        { label: t('Weight'), num: true, value: (r) => fmtPct(r.weight, 0) },
        { label: t('Adds'), num: true, title: t('weight × score: the part of the total'), value: (r) => fmtNum(r.contribution, 1) },
      ],
      criteriaRows(x, expertWeights),
      { rowClass: () => 'expert-criterion' },
    ),
  );
  if (x.pagerank !== undefined) body.append(factList([[t('PageRank'), fmtNum(x.pagerank, 5), t('the raw centrality behind the multiplier')]]));
  body.append(h('h3', null, t('Network ({n})', { n: fmtInt(neighbours.length) })));
  if (!neighbours.length) {
    body.append(h('p', { class: 'empty' }, t('No joint publications, trials or events with other experts.')));
    return;
  }
  body.append(
    h('p', { class: 'intro' }, t('The experts linked by joint work, strongest link first.')),
    simpleTable(
      [
        { label: t('Expert'), value: (n) => link(n.name || n.expert_id, () => openExpert(n.expert_id)) },
        { label: t('Tier'), value: (n) => n.tier || '' },
        { label: t('Weight'), num: true, title: t('joint publications, trials and events'), value: (n) => fmtNum(n.weight, 2) },
      ],
      neighbours.slice(0, 25),
      { rowClass: () => 'expert-neighbour' },
    ),
  );
  if (neighbours.length > 25) body.append(h('p', { class: 'footnote' }, t('and {n} more.', { n: fmtInt(neighbours.length - 25) })));
}

/** The experts of an account (customer panel: all of them; account panel: the top ones). */
function expertTable(experts) {
  return simpleTable(
    [
      { label: t('Expert'), value: (x) => link(x.name || x.expert_id, () => openExpert(x.expert_id)) },
      { label: t('Specialty'), value: (x) => x.specialty || '' },
      { label: t('Tier'), value: (x) => x.tier || '' },
      { label: t('Total'), num: true, value: (x) => fmtNum(x.total_score, 1) },
    ],
    experts,
    { rowClass: () => 'account-expert' },
  );
}

function render({ customer: c = {}, history = [], reasons = {}, experts, observation_end: observationEnd, next_order: nextOrder, alive_path: alivePath }) {
  clear(body);
  const sub = [c.customer_id, c.type, c.region, c.owner && t('owner {owner}', { owner: c.owner })].filter(Boolean).join(' · ');
  const badges = [
    c.tier && h('span', { class: 'badge tier' }, t('Tier {tier}', { tier: c.tier })),
    c.key_account && h('span', { class: 'badge key' }, t('Key account: {why}', { why: fmtKeyAccount(c.key_account) })),
    c.alert && h('span', { class: 'badge alert', 'data-alert': c.alert }, GROUP_NAMES[c.alert] ? t(GROUP_NAMES[c.alert]) : t('Alert: {why}', { why: fmtReason(c.alert) })),
  ];
  body.append(
    h('h2', { id: 'detail-title' }, c.name || c.customer_id),
    h('p', { class: 'muted' }, sub, c.parent_id ? [' · ', t('under'), ' ', accountLink(c.parent_id)] : null),
    h('div', { class: 'badges' }, badges),
    panelTools(),
  );

  const rs = REASONS.filter(([k]) => reasons?.[k]);
  if (rs.length) body.append(h('h3', null, t('Why')), h('div', { class: 'reasons' }, rs.map(([k, label]) => h('p', { 'data-reason': k }, h('strong', null, `${t(label)}: `), reasons[k]))));
  if (c.alert) body.append(h('div', { 'data-alert-slot': '' }));

  body.append(h('h3', null, t('Purchase history ({n})', { n: fmtInt(history.length) })));
  if (history.length) {
    const overdue = nextOrder && observationEnd && nextOrder < observationEnd;
    if (nextOrder) {
      body.append(
        h(
          'p',
          { class: `next-order${overdue ? ' overdue' : ''}`, 'data-next-order': nextOrder },
          overdue ? t('The next order was expected on {date}: overdue.', { date: dateText(nextOrder) }) : t('The next order is expected on {date}.', { date: dateText(nextOrder) }),
        ),
      );
    }
    const chart = mountChart(body, 'history', historyOption(history, { observationEnd, nextOrder, alivePath, month: monthText, day: dateText }), { height: 240, label: t('Purchase history and P(alive)') });
    chart.getDom().dataset.observationEnd = observationEnd || '';
    chart.getDom().dataset.alivePoints = String((alivePath || []).length);
  } else body.append(h('p', { class: 'empty' }, t('No purchases in the log.')));

  for (const [title, ids] of GROUPS) {
    const items = figures('customers.csv', ids, c);
    if (items.length) body.append(h('h3', null, t(title)), figureList(items));
  }

  // The experts who work at this account (only when the project has experts).
  if (Array.isArray(experts) && (expertWeights !== null || experts.length)) {
    body.append(h('h3', null, t('Experts at this account ({n})', { n: fmtInt(experts.length) })));
    if (!experts.length) body.append(h('p', { class: 'empty' }, t('No experts work here.')));
    else body.append(expertTable(experts));
  }
}

/** "of N" when a list shows fewer than there are. */
const ofMore = (shown, count) => (count > shown ? t('the first {shown} of {count}', { shown: fmtInt(shown), count: fmtInt(count) }) : null);

// Links from the account panel to the live lists filtered to its subtree (set by the dashboard).
let showList = null;
export function useListLinks(fn) {
  showList = fn;
}

function renderAccount(v) {
  clear(body);
  const a = v.account || {};
  const id = a.account_id;
  // The path: the ancestors, top first, then the account itself.
  const crumbs = (v.path || []).map((p) => accountLink(p.account_id, p.name || p.account_id));
  append(body, [
    crumbs.length ? h('nav', { class: 'crumbs', 'aria-label': t('Account path') }, crumbs.map((c) => [c, h('span', { class: 'sep', 'aria-hidden': 'true' }, '›')]), h('span', { 'aria-current': 'page' }, a.name || id)) : null,
    h('h2', { id: 'detail-title' }, a.name || id),
    h('p', { class: 'muted' }, [id, a.type, a.region, a.owner && t('owner {owner}', { owner: a.owner })].filter(Boolean).join(' · ')),
    panelTools(),
  ]);
  const subtree = (v.tiers || []).reduce((s, x) => s + (Number(x.customers) || 0), 0);
  panel.dataset.subtreeCustomers = String(subtree);
  panel.dataset.children = String(v.children?.count ?? 0);
  const al = v.alerts || {};
  body.append(
    h(
      'div',
      { class: 'cards small' },
      card(t('Value'), fmtMoney(a.value), t('{n} customers', { n: fmtInt(subtree) })),
      card(t('CLV'), fmtMoney(a.clv)),
      card(t('Referral value'), fmtMoney(a.referral_value), t('beside the value, never added')),
      card(t('At risk'), fmtInt(al.at_risk), t('{money} to save', { money: fmtMoney(al.value_at_risk) }), 'warn'),
      card(t('Lost'), fmtInt(al.lost), t('{money} to win back', { money: fmtMoney(al.win_back_value) })),
    ),
  );
  if (showList && id) {
    body.append(
      h(
        'p',
        { class: 'list-links' },
        link(t('All customers under this account'), () => showList('customers', { parent_id: id }), { 'data-list-link': 'customers' }),
        ' · ',
        link(t('Its alerts'), () => showList('alerts', { parent_id: id, group: 'at_risk' }), { 'data-list-link': 'alerts' }),
      ),
    );
  }
  for (const [title, ids] of ACCOUNT_GROUPS) {
    const items = figures('accounts.csv', ids, a);
    if (items.length) body.append(h('h3', null, t(title)), figureList(items));
  }

  // Tiers of the subtree.
  const tiers = v.tiers || [];
  if (tiers.length) {
    body.append(
      h('h3', null, t('Tiers')),
      simpleTable(
        [
          { label: t('Tier'), value: (r) => r.tier },
          { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
        ],
        tiers,
        { rowClass: () => 'account-tier' },
      ),
    );
  }

  // Purchases per month.
  const hist = v.history;
  if (hist?.months?.length) {
    body.append(h('h3', null, t('Purchases per month')));
    mountChart(body, 'account-history', accountHistoryOption(hist, { month: monthText }), { height: 220, label: t('Purchases per month') });
  }

  // Children: accounts open their panel, customers the customer's.
  const kids = v.children?.top || [];
  body.append(h('h3', null, t('Directly under it ({n})', { n: fmtInt(v.children?.count ?? kids.length) })));
  if (!kids.length) body.append(h('p', { class: 'empty' }, t('Nothing is under this account.')));
  else {
    body.append(
      simpleTable(
        [
          { label: t('Name'), value: (r) => (r.kind === 'account' ? accountLink(r.id, r.name || r.id) : customerLink(r.id, r.name || r.id)) },
          { label: t('Kind'), value: (r) => (r.kind === 'account' ? t('account') : t('customer')) },
          { label: t('Tier'), value: (r) => r.tier || '' },
          { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
          { label: t('Alerts'), num: true, value: (r) => fmtInt(r.alerts) },
        ],
        kids,
        { rowClass: (r) => `account-child kind-${r.kind}` },
      ),
    );
    const more = ofMore(kids.length, v.children?.count ?? kids.length);
    if (more) body.append(h('p', { class: 'footnote' }, more));
  }

  // Top customers of the subtree.
  const top = v.top_customers || [];
  if (top.length) {
    body.append(
      h('h3', null, t('Top customers')),
      simpleTable(
        [
          { label: t('Customer'), value: (r) => customerLink(r.customer_id, r.name || r.customer_id) },
          { label: t('Tier'), value: (r) => r.tier || '' },
          { label: t('Value'), num: true, value: (r) => fmtMoney(r.value) },
          { label: t('P(alive)'), num: true, value: (r) => fmtProb(r.p_alive) },
          { label: t('Key account'), value: (r) => fmtKeyAccount(r.key_account) },
          { label: t('Alert'), value: (r) => (GROUP_NAMES[r.alert] ? t(GROUP_NAMES[r.alert]) : fmtReason(r.alert)) },
        ],
        top,
        { rowClass: () => 'account-top-customer' },
      ),
    );
  }

  // Alerts of the subtree: at risk by rank, then lost.
  const alerts = al.top || [];
  body.append(h('h3', null, t('Alerts')));
  if (!alerts.length) body.append(h('p', { class: 'empty' }, t('No customer under this account is at risk or lost.')));
  else {
    body.append(
      simpleTable(
        [
          { label: t('Customer'), value: (r) => customerLink(r.customer_id, r.name || r.customer_id) },
          { label: t('Group'), value: (r) => (GROUP_NAMES[r.group] ? t(GROUP_NAMES[r.group]) : fmtReason(r.group)) },
          { label: t('Reason'), value: (r) => fmtReason(r.reason) },
          { label: t('P(alive)'), num: true, value: (r) => fmtProb(r.p_alive) },
          { label: t('Contact by'), value: (r) => (r.contact_by ? dateText(r.contact_by) : '') },
          { label: t('To save / win back'), num: true, value: (r) => fmtMoney(r.group === 'lost' ? r.win_back_value : r.value_at_risk) },
        ],
        alerts,
        { rowClass: (r) => `account-alert group-${r.group}` },
      ),
    );
    const more = ofMore(alerts.length, (Number(al.at_risk) || 0) + (Number(al.lost) || 0));
    if (more) body.append(h('p', { class: 'footnote' }, more));
  }

  if (v.experts) {
    const ex = v.experts.top || [];
    body.append(h('h3', null, t('Experts ({n})', { n: fmtInt(v.experts.count ?? ex.length) })));
    if (!ex.length) body.append(h('p', { class: 'empty' }, t('No experts work here.')));
    else body.append(expertTable(ex));
  }

  if (v.plan) {
    const p = v.plan;
    body.append(
      h('h3', null, t('Effort plan')),
      factList([
        [t('Customers'), fmtInt(p.customers)],
        [t('Planned contacts'), fmtInt(p.contacts), t('today {n} per period', { n: fmtNum(p.current_contacts, 1) })],
        [t('Expected gain'), fmtMoney(p.expected_gain)],
      ]),
    );
    if ((p.reps || []).length) {
      body.append(
        simpleTable(
          [
            { label: t('Rep'), value: (r) => r.rep_id },
            { label: t('Contacts'), num: true, value: (r) => fmtInt(r.contacts) },
            { label: t('Expected gain'), num: true, value: (r) => fmtMoney(r.expected_gain) },
          ],
          p.reps,
          { rowClass: () => 'account-rep' },
        ),
      );
    }
  }
}

function card(label, value, note, kind) {
  return h('div', { class: `card${kind ? ` card-${kind}` : ''}` }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null);
}


