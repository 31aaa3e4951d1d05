// The dashboard's live lists: customers, churn alerts (at risk, lost, new), accounts, a rep's work
// list of the effort plan and the experts, filtered, sorted and paged by the server. Filter values
// and sort orders live in module state, so they survive a reload of the results; they follow the
// URL's hash (#alerts?group=lost&q=...&sort=value&order=desc, see hash.js) both ways. Every list
// has a CSV export (the same query with format=csv: the whole filtered, sorted list) and a
// "copy link" button.
import { defineSection } from '../common/sections.js';
import { h, clear, debounce, factList } from '../common/dom.js';
import { serverTable, destroyTables } from '../common/table.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct, fmtReason } from '../common/format.js';
import { customerColumns, alertColumns, accountColumns, planColumns, expertColumns } from '../common/sections/columns.js';
import { TIER_ORDER } from '../common/experts.js';
import { repLabel } from '../common/plan.js';
import { api, download, withQuery } from './api.js';
import { listHash, replaceHash, linkTo } from './hash.js';
import { t, tn } from './texts.js';

// Each list's filters and sort order as they start (and as "Reset" and a link without them leave them).
const DEFAULT_FILTERS = {
  customers: { tier: '', type: '', region: '', owner: '', parent_id: '', key_account: false, alert: false, q: '' },
  // group '' with new: the alerts new since the previous run, of both groups
  alerts: { group: 'at_risk', new: false, tier: '', region: '', owner: '', reason: '', trend: '', parent_id: '', q: '' },
  accounts: { level: '', type: '', region: '', owner: '', parent_id: '', q: '' },
  plan: { rep_id: null, tier: '', q: '' }, // rep_id null: the first rep
  experts: { specialty: '', country: '', tier: '', rising_star: '', q: '' },
};
const DEFAULT_SORTS = {
  customers: { column: 'value', dir: 'desc' },
  alerts: { column: '', dir: 'desc' }, // none: by rank within the group (the value that can still be saved)
  accounts: { column: 'value', dir: 'desc' },
  plan: { column: '', dir: 'desc' }, // none: the order to work the list in
  experts: { column: 'total_score', dir: 'desc' },
};
const copy = (o) => JSON.parse(JSON.stringify(o));
const filters = copy(DEFAULT_FILTERS);
const sorts = copy(DEFAULT_SORTS);
// The API path, the CSV file's name and the section of each list.
const LIST_INFO = {
  customers: { path: 'api/customers', file: 'customers.csv', section: 'customers' },
  alerts: { path: 'api/alerts', file: 'alerts.csv', section: 'alerts' },
  accounts: { path: 'api/accounts', file: 'accounts.csv', section: 'accounts' },
  plan: { path: 'api/plan', file: 'plan.csv', section: 'rep-plan' },
  experts: { path: 'api/experts', file: 'experts.csv', section: 'experts-list' },
};

/** The alerts' tab: 'new' (new since the previous run), else the group (at_risk, lost). */
const alertTab = (f) => (f.new ? 'new' : f.group || 'at_risk');

/** A list's state as hash parameters: its filters that differ from the start, then sort and order. */
function hashParams(list) {
  const f = filters[list];
  const d = DEFAULT_FILTERS[list];
  const p = {};
  for (const [k, v] of Object.entries(f)) if (v !== d[k] || (list === 'alerts' && k === 'group' && v)) p[k] = v;
  const s = sorts[list];
  if (s.column && (s.column !== DEFAULT_SORTS[list].column || s.dir !== DEFAULT_SORTS[list].dir)) Object.assign(p, { sort: s.column, order: s.dir });
  return p;
}

/** The hash of a list's current view: #alerts?group=lost&sort=value&order=desc */
export function currentListHash(list) {
  return listHash(list, hashParams(list));
}

let lastListHash = '';
/** The hash of the list changed last ('' when none was): a closed panel goes back to it. */
export function lastList() {
  return lastListHash;
}
function writeHash(list) {
  lastListHash = currentListHash(list);
  replaceHash(lastListHash);
}

/**
 * Sets a list's filters and sort order from a link's parameters (URLSearchParams): the others go
 * back to their start. Unknown parameters are ignored.
 */
export function applyListParams(list, params) {
  const d = DEFAULT_FILTERS[list];
  const f = filters[list];
  Object.assign(f, copy(d));
  for (const k of Object.keys(d)) {
    if (!params.has(k)) continue;
    const v = params.get(k);
    f[k] = typeof d[k] === 'boolean' ? v === '1' || v === 'true' : v;
  }
  if (list === 'alerts' && f.new && !params.has('group')) f.group = '';
  Object.assign(sorts[list], copy(DEFAULT_SORTS[list]));
  if (params.get('sort')) Object.assign(sorts[list], { column: params.get('sort'), dir: params.get('order') === 'asc' ? 'asc' : 'desc' });
  lastListHash = currentListHash(list);
}

// A list shown from a link stays in view while the lists above it load their rows (which moves
// it down), until the user scrolls or a few seconds have passed.
let pendingScroll = null;
const sectionOf = (list) => document.getElementById(`s-${LIST_INFO[list].section}`);
function keepInView() {
  if (!pendingScroll) return;
  if (Date.now() > pendingScroll.until) pendingScroll = null;
  else sectionOf(pendingScroll.list)?.scrollIntoView({ block: 'start' });
}
/** Scrolls to a list's section and keeps it in view while the page settles. */
export function scrollToList(list) {
  pendingScroll = { list, until: Date.now() + 4000 };
  const stop = () => {
    pendingScroll = null;
    for (const e of ['wheel', 'keydown', 'mousedown', 'touchstart']) window.removeEventListener(e, stop, true);
  };
  for (const e of ['wheel', 'keydown', 'mousedown', 'touchstart']) window.addEventListener(e, stop, true);
  keepInView();
}

/** The list's query as the server takes it, with the sort order (for the CSV export). */
function exportUrl(list) {
  const s = sorts[list];
  return withQuery(LIST_INFO[list].path, { ...filters[list], ...(s.column ? { sort: s.column, order: s.dir } : {}), format: 'csv' });
}

/**
 * Copies text to the clipboard; the button says whether it worked. Where the clipboard is not
 * available, the link is shown in a field to copy by hand.
 */
export function copyButton(getLink, label = 'Copy link') {
  const btn = h('button', { type: 'button', class: 'btn copy-link', 'data-copy-link': '' }, t(label));
  let field = null;
  btn.addEventListener('click', async () => {
    const link = getLink();
    btn.dataset.link = link;
    try {
      await navigator.clipboard.writeText(link);
      btn.textContent = t('Link copied');
      btn.dataset.copied = 'true';
    } catch {
      if (!field) {
        field = h('input', { type: 'text', class: 'copy-field', readonly: true, 'aria-label': t('Link to this view') });
        btn.after(field);
      }
      field.value = link;
      field.select();
      btn.textContent = t('Copy the link from the field');
      btn.dataset.copied = 'false';
    }
    setTimeout(() => (btn.textContent = t(label)), 2500);
  });
  return btn;
}

/** The CSV export and copy-link buttons of a list. */
function listTools(list) {
  const info = LIST_INFO[list];
  const csv = h('a', { class: 'btn csv-export', href: exportUrl(list), download: info.file, 'data-csv': list, title: t('The whole filtered, sorted list as a CSV file') }, t('Export CSV'));
  csv.addEventListener('click', (e) => {
    // With a token the file is fetched with it (a plain link cannot send it).
    e.preventDefault();
    download(csv.getAttribute('href'), info.file).catch((err) => {
      if (err.kind !== 'auth') {
        console.warn('winnow: the CSV export failed:', err);
        csv.title = t('The export failed: {message}', { message: err.message });
      }
    });
  });
  const tools = h('div', { class: 'list-tools' }, csv, copyButton(() => linkTo(currentListHash(list))));
  return {
    tools,
    /** Updates the export link to the list's current filters and sort order. */
    update() {
      csv.setAttribute('href', exportUrl(list));
    },
  };
}

/** Distinct values of key among the rows that results.json carries (for suggestions). */
function known(d, key, lists) {
  const set = new Set();
  for (const rows of lists(d)) for (const r of rows || []) if (r[key] !== null && r[key] !== undefined && r[key] !== '') set.add(String(r[key]));
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
const expertLists = (d) => [d.experts?.top];
const customerLists = (d) => [d.top_customers, d.alerts?.top, d.reference_customers];
const accountLists = (d) => [d.accounts?.top_parents, d.accounts?.top_upside, d.top_customers];

let uid = 0;
/**
 * A row of filter controls bound to state. fields: {name, label, kind: 'select'|'text'|'check'|'search',
 * options: [[value, label]], suggest: [values]}. Reset sets the fields back to their start (defaults).
 */
function filterBar(listName, fields, state, defaults, onChange, extra) {
  const changed = debounce(onChange, 300);
  const controls = fields.map((f) => {
    const id = `f-${listName}-${f.name}-${++uid}`;
    if (f.kind === 'check') {
      const input = h('input', { type: 'checkbox', id, name: f.name, checked: !!state[f.name] });
      input.addEventListener('change', () => {
        state[f.name] = input.checked;
        onChange();
      });
      return h('div', { class: 'filter check' }, input, h('label', { for: id }, f.label));
    }
    if (f.kind === 'select') {
      const sel = h('select', { id, name: f.name }, h('option', { value: '' }, t('all')), f.options.map(([v, label]) => h('option', { value: v }, label)));
      sel.value = state[f.name] ?? '';
      sel.addEventListener('change', () => {
        state[f.name] = sel.value;
        onChange();
      });
      return h('div', { class: 'filter' }, h('label', { for: id }, f.label), sel);
    }
    const listId = f.suggest?.length ? `${id}-list` : null;
    const input = h('input', { type: f.kind === 'search' ? 'search' : 'text', id, name: f.name, value: state[f.name] ?? '', list: listId, placeholder: f.placeholder || t('all'), autocomplete: 'off', class: f.kind === 'search' ? 'wide' : null });
    input.addEventListener('input', () => {
      state[f.name] = input.value.trim();
      changed();
    });
    return h('div', { class: 'filter' }, h('label', { for: id }, f.label), input, listId ? h('datalist', { id: listId }, f.suggest.map((v) => h('option', { value: v }))) : null);
  });
  const reset = h('button', { type: 'button', class: 'btn' }, t('Reset'));
  reset.addEventListener('click', () => {
    for (const f of fields) state[f.name] = defaults[f.name];
    for (const el of bar.querySelectorAll('input, select')) {
      if (el.type === 'checkbox') el.checked = !!state[el.name];
      else if (el.name in state) el.value = state[el.name] ?? '';
    }
    onChange();
  });
  const bar = h('form', { class: 'filters', role: 'search', 'aria-label': t('Filter the list'), onsubmit: (e) => e.preventDefault() }, controls, h('div', { class: 'filter actions' }, reset, extra || null));
  return bar;
}

function summary() {
  return h('p', { class: 'list-summary', 'aria-live': 'polite' });
}
const tierOptions = (d) => (d.settings?.tier_names || (d.tiers || []).map((x) => x.tier)).map((x) => [x, x]);
const anyFilter = (list) => Object.entries(filters[list]).some(([k, v]) => v && v !== DEFAULT_FILTERS[list][k]);

/**
 * A live list: filter bar, summary, tools and the server table, wired to the hash. opts: name,
 * fields, columns(), limit, rowClick(row), summaryText(body), table (data-table name), before
 * (elements between filters and summary), top (elements above the filters, e.g. tabs), onFilter
 * (called on a filter change).
 */
function liveList(el, list, opts) {
  const f = filters[list];
  const info = summary();
  const { tools, update } = listTools(list);
  let table;
  const host = h('div', { class: 'list-host' });
  const changed = () => {
    opts.onFilter?.();
    update();
    writeHash(list);
    table.reload();
  };
  const bar = filterBar(list, opts.fields, f, DEFAULT_FILTERS[list], changed);
  el.append(...(opts.top || []), bar, ...(opts.before || []), h('div', { class: 'list-head' }, info, tools), host);
  const build = () => {
    destroyTables(host);
    clear(host);
    table = serverTable(host, {
      name: opts.table || list,
      columns: opts.columns(),
      url: () => withQuery(LIST_INFO[list].path, f),
      fetchJson: api,
      limit: opts.limit,
      sortState: sorts[list],
      onRowClick: opts.rowClick,
      onSort: () => {
        update();
        writeHash(list);
      },
      onLoaded: (b) => {
        info.textContent = opts.summaryText(b);
        update();
        requestAnimationFrame(keepInView);
      },
    });
  };
  build();
  return {
    bar,
    reload: () => table.reload(),
    /** Rebuilds the table (other columns) and reloads it. */
    rebuild() {
      update();
      writeHash(list);
      build();
    },
    changed,
  };
}

export const customersLive = defineSection({
  id: 'customers',
  title: 'Customers',
  intro: 'All customers, most valuable first. Filter, sort by a column, and click a row for the customer’s history, predictions and the reasons behind them.',
  render(el, d, ctx) {
    liveList(el, 'customers', {
      fields: [
        { name: 'tier', label: t('Tier'), kind: 'select', options: tierOptions(d) },
        { name: 'type', label: t('Type'), kind: 'text', suggest: known(d, 'type', customerLists) },
        { name: 'region', label: t('Region'), kind: 'text', suggest: known(d, 'region', customerLists) },
        { name: 'owner', label: t('Owner'), kind: 'text', suggest: known(d, 'owner', customerLists) },
        { name: 'parent_id', label: t('Under account'), kind: 'text', placeholder: t('account id') },
        { name: 'q', label: t('Search'), kind: 'search', placeholder: t('id or name') },
        { name: 'key_account', label: t('Key accounts only'), kind: 'check' },
        { name: 'alert', label: t('Alerts only'), kind: 'check' },
      ],
      columns: customerColumns,
      limit: 25,
      rowClick: (row) => ctx.openCustomer(row.customer_id),
      summaryText: (b) => (anyFilter('customers') ? tn(b.total, '{n} customer matches the filters', '{n} customers match the filters', { n: fmtInt(b.total) }) : tn(b.total, '{n} customer', '{n} customers', { n: fmtInt(b.total) })),
    });
  },
});

const ALERT_TABS = [
  ['at_risk', 'At risk', 'Can still be saved: ranked by the value to save, with the date to contact them by.'],
  ['lost', 'Lost', 'Win-back candidates: P(alive) below the lost threshold, ranked by the win-back value.'],
  ['new', 'New since the last run', 'Alerts of either group that the previous run did not have.'],
];

export const alertsLive = defineSection({
  id: 'alerts',
  title: 'Churn alerts',
  intro: 'Customers who are slipping away, in three lists: at risk (can still be saved), lost (win-back candidates) and new since the previous run. Sort by any column, search, and click a row for the customer.',
  render(el, d, ctx) {
    const f = filters.alerts;
    const counts = { at_risk: d.alerts?.at_risk, lost: d.alerts?.lost, new: d.alerts?.new };
    const note = h('p', { class: 'tab-note' });
    const tabs = ALERT_TABS.map(([id, label]) =>
      h(
        'button',
        { type: 'button', role: 'tab', class: 'tab', 'data-tab': id, id: `alerts-tab-${id}`, 'aria-controls': 'alerts-panel' },
        t(label),
        counts[id] !== undefined && counts[id] !== null ? h('span', { class: 'tab-count' }, fmtInt(counts[id])) : null,
      ),
    );
    const showTab = () => {
      const tab = alertTab(f);
      for (const b of tabs) {
        const on = b.dataset.tab === tab;
        b.setAttribute('aria-selected', on ? 'true' : 'false');
        b.tabIndex = on ? 0 : -1;
      }
      const text = ALERT_TABS.find(([id]) => id === tab)?.[2];
      note.textContent = text ? t(text) : '';
      if (tab === 'new' && d.alerts && d.alerts.previous_run === false) note.textContent = t('There was no previous run to compare with: every alert counts as new.');
    };
    const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('Alert groups') }, tabs);
    const reasons = known(d, 'reason', (x) => [x.alerts?.top]);
    const trends = known(d, 'trend', (x) => [x.alerts?.top]);
    const list = liveList(el, 'alerts', {
      fields: [
        { name: 'tier', label: t('Tier'), kind: 'select', options: tierOptions(d) },
        { name: 'region', label: t('Region'), kind: 'text', suggest: known(d, 'region', customerLists) },
        { name: 'owner', label: t('Owner'), kind: 'text', suggest: known(d, 'owner', customerLists) },
        { name: 'reason', label: t('Reason'), kind: 'select', options: reasons.map((r) => [r, fmtReason(r)]) },
        { name: 'trend', label: t('Trend'), kind: 'select', options: trends.map((r) => [r, fmtReason(r)]) },
        { name: 'parent_id', label: t('Under account'), kind: 'text', placeholder: t('account id') },
        { name: 'q', label: t('Search'), kind: 'search', placeholder: t('id or name') },
      ],
      top: [tablist, note],
      columns: () => alertTabColumns(alertTab(f)),
      limit: 15,
      rowClick: (row) => ctx.openCustomer(row.customer_id),
      summaryText: (b) => {
        const tab = alertTab(f);
        const n = fmtInt(b.total);
        if (tab === 'lost') return tn(b.total, '{n} lost customer', '{n} lost customers', { n });
        if (tab === 'new') return tn(b.total, '{n} new alert', '{n} new alerts', { n });
        return tn(b.total, '{n} customer at risk', '{n} customers at risk', { n });
      },
    });
    tablist.id = 'alerts-tabs';
    el.querySelector('.list-host').id = 'alerts-panel';
    el.querySelector('.list-host').setAttribute('role', 'tabpanel');
    const choose = (id) => {
      if (id === alertTab(f)) return;
      f.new = id === 'new';
      f.group = id === 'new' ? '' : id;
      // A sort by a column the other group does not show (value to save, win-back value) ends.
      const s = sorts.alerts;
      if (s.column && !alertTabColumns(id).some((c) => c.id === s.column)) Object.assign(s, copy(DEFAULT_SORTS.alerts));
      showTab();
      list.rebuild();
    };
    for (const b of tabs) b.addEventListener('click', () => choose(b.dataset.tab));
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const i = ALERT_TABS.findIndex(([id]) => id === alertTab(f));
      const next = ALERT_TABS[(i + (e.key === 'ArrowRight' ? 1 : ALERT_TABS.length - 1)) % ALERT_TABS.length][0];
      choose(next);
      tabs.find((b) => b.dataset.tab === next)?.focus();
    });
    showTab();
  },
});

/**
 * The alerts' columns of a tab (the new alerts hold both groups: sections/columns.js alertColumns),
 * without the overdue ratio (the reason says "overdue"; the customer's panel has the ratio) and the
 * order size and gap changes (the trend column sums them up), so that the values to save or win
 * back stay in view on a laptop's screen, in German too. The CSV export has every column.
 */
const LEFT_OUT = ['overdue_ratio', 'order_size_change', 'gap_change'];
const alertTabColumns = (tab) =>
  alertColumns({ group: tab })
    .filter((c) => !LEFT_OUT.includes(c.id))
    .map((c) => (c.id === 'reason' || c.id === 'trend' ? { ...c, minWidth: 120 } : c.id === 'name' ? { ...c, minWidth: 140 } : c));

export const accountsLive = defineSection({
  id: 'accounts',
  title: 'Accounts',
  intro: 'Every account with the values of everything under it (level 0 at the top). Click a row for the account’s view: its customers, alerts, tiers, children and purchases.',
  render(el, d, ctx) {
    const levels = known(d, 'level', accountLists);
    const maxLevel = Math.max(2, ...levels.map(Number).filter(Number.isFinite));
    liveList(el, 'accounts', {
      fields: [
        { name: 'level', label: t('Level'), kind: 'select', options: Array.from({ length: maxLevel + 1 }, (_, i) => [String(i), String(i)]) },
        { name: 'type', label: t('Type'), kind: 'text', suggest: known(d, 'type', accountLists) },
        { name: 'region', label: t('Region'), kind: 'text', suggest: known(d, 'region', accountLists) },
        { name: 'owner', label: t('Owner'), kind: 'text', suggest: known(d, 'owner', accountLists) },
        { name: 'parent_id', label: t('Under account'), kind: 'text', placeholder: t('account id') },
        { name: 'q', label: t('Search'), kind: 'search', placeholder: t('id or name') },
      ],
      columns: accountColumns,
      limit: 15,
      rowClick: (row) => ctx.openAccount(row.account_id),
      summaryText: (b) => tn(b.total, '{n} account', '{n} accounts', { n: fmtInt(b.total) }),
    });
  },
});

/** A rep's figures from results.json plan.reps (all reps together when rep is undefined). */
function repFacts(plan, rep) {
  const reps = rep ? [rep] : plan.reps || [];
  const sum = (k) => reps.reduce((s, r) => s + (Number(r[k]) || 0), 0);
  const capacity = sum('capacity');
  const contacts = sum('contacts');
  return factList(
    [
      rep
        ? [t('Rep'), repLabel(rep), rep.channel ? t('{channel}, {cost} a contact', { channel: rep.channel, cost: fmtMoney(rep.cost) }) : null]
        : [t('Reps'), fmtInt(reps.length), t('all of the plan')],
      [t('Customers'), fmtInt(sum('customers'))],
      [t('Planned contacts'), fmtInt(contacts), t('of a capacity of {capacity} ({share})', { capacity: fmtInt(capacity), share: fmtPct(capacity > 0 ? contacts / capacity : null, 0) })],
      [t('Today'), fmtNum(sum('current_contacts'), 1), t('contacts per period')],
      [t('Even spread'), fmtInt(sum('even_contacts')), t('contacts')],
      [t('Expected gain'), fmtMoney(sum('expected_gain'))],
    ].filter(Boolean),
  );
}

export const repPlan = defineSection({
  id: 'rep-plan',
  title: 'Work list per rep',
  when: (d) => (d.plan?.reps || []).length > 0,
  intro: 'A rep’s customers in the order to work them: the most expected gain per contact first, then those the plan does not contact. Click a row for the customer.',
  render(el, d, ctx) {
    const f = filters.plan;
    const reps = d.plan.reps;
    if (f.rep_id === null || (f.rep_id !== '' && !reps.some((r) => r.rep_id === f.rep_id))) f.rep_id = reps[0].rep_id;
    // The first rep is where the list starts: a link names the rep only when it is another.
    DEFAULT_FILTERS.plan.rep_id = reps[0].rep_id;
    const facts = h('div', { class: 'rep-facts' });
    const showRep = () => {
      clear(facts).append(repFacts(d.plan, reps.find((r) => r.rep_id === f.rep_id)));
      facts.dataset.rep = f.rep_id;
    };
    const list = liveList(el, 'plan', {
      table: 'rep-plan',
      fields: [
        { name: 'rep_id', label: t('Rep'), kind: 'select', options: reps.map((r) => [r.rep_id, repLabel(r)]) },
        { name: 'tier', label: t('Tier'), kind: 'select', options: tierOptions(d) },
        { name: 'q', label: t('Search'), kind: 'search', placeholder: t('id or reason') },
      ],
      before: [facts],
      onFilter: showRep,
      columns: planColumns,
      limit: 25,
      rowClick: (row) => ctx.openCustomer(row.customer_id),
      summaryText: (b) => {
        const n = fmtInt(b.total);
        const text = f.rep_id ? tn(b.total, '{n} customer of {rep}', '{n} customers of {rep}', { n, rep: f.rep_id }) : tn(b.total, '{n} customer', '{n} customers', { n });
        return f.tier || f.q ? `${text} · ${t('filtered')}` : text;
      },
    });
    showRep();
    // The plan section's rep table opens a rep's list here.
    ctx.chooseRep = (id) => {
      f.rep_id = id;
      const select = list.bar.querySelector('select[name="rep_id"]');
      if (select) select.value = id;
      list.changed();
      el.closest('section')?.scrollIntoView({ block: 'start' });
    };
  },
});

export const expertsLive = defineSection({
  id: 'experts-list',
  title: 'All experts',
  navTitle: 'Expert list',
  when: (d) => !!d.experts && typeof d.experts === 'object',
  intro: 'Every expert, highest total score first. Filter by specialty, country and tier, and click a row for the scores per criterion, the facts behind them and the expert’s network.',
  render(el, d, ctx) {
    const tiers = [...new Set([...TIER_ORDER.filter((x) => (d.experts.tiers || []).some((y) => y.tier === x)), ...(d.experts.tiers || []).map((x) => x.tier)])];
    liveList(el, 'experts', {
      fields: [
        { name: 'specialty', label: t('Specialty'), kind: 'text', suggest: known(d, 'specialty', expertLists) },
        { name: 'country', label: t('Country'), kind: 'text', suggest: known(d, 'country', expertLists) },
        { name: 'tier', label: t('Tier'), kind: 'select', options: (tiers.length ? tiers : TIER_ORDER).map((x) => [x, x]) },
        { name: 'rising_star', label: t('Rising stars'), kind: 'select', options: [['yes', t('only rising stars')]] },
        { name: 'q', label: t('Search'), kind: 'search', placeholder: t('id, name or institution') },
      ],
      columns: expertColumns,
      limit: 25,
      rowClick: (row) => ctx.openExpert(row.expert_id),
      summaryText: (b) => (anyFilter('experts') ? tn(b.total, '{n} expert matches the filters', '{n} experts match the filters', { n: fmtInt(b.total) }) : tn(b.total, '{n} expert', '{n} experts', { n: fmtInt(b.total) })),
    });
  },
});

/** The export and link tools for a list the dashboard shows from results.json (reference customers). */
export function staticListTools(path, file) {
  const csv = h('a', { class: 'btn csv-export', href: withQuery(path, { format: 'csv' }), download: file, 'data-csv': file.replace(/\.csv$/, '') }, t('Export CSV'));
  csv.addEventListener('click', (e) => {
    e.preventDefault();
    download(csv.getAttribute('href'), file).catch((err) => {
      if (err.kind !== 'auth') console.warn('winnow: the CSV export failed:', err);
    });
  });
  return h('div', { class: 'list-tools' }, csv);
}
