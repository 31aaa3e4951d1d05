// The dashboard's live lists: customers, churn alerts, accounts and a rep's work list of the
// effort plan, filtered, sorted and paged by the server. Filter values live in module state, so they survive a reload of
// the results.
import { defineSection } from '../common/sections.js';
import { h, clear, debounce, factList } from '../common/dom.js';
import { serverTable } from '../common/table.js';
import { fmtInt, fmtMoney, fmtNum, fmtPct, fmtReason } from '../common/format.js';
import { customerColumns, alertColumns, accountColumns, planColumns, expertColumns } from '../common/sections/columns.js';
import { TIER_ORDER } from '../common/experts.js';
import { repLabel } from '../common/plan.js';
import { api, withQuery } from './api.js';

const sorts = {
  customers: { column: 'total_value', dir: 'desc' },
  accounts: { column: 'total_value', dir: 'desc' },
  plan: { column: '', dir: 'desc' }, // none: the order to work the list in
  experts: { column: 'total_score', dir: 'desc' },
};
const filters = {
  customers: { tier: '', type: '', region: '', owner: '', key_account: false, alert: false, q: '' },
  alerts: { tier: '', region: '', owner: '', reason: '' },
  accounts: { level: '', type: '', region: '', owner: '' },
  plan: { rep_id: null, tier: '', q: '' }, // rep_id null: the first rep
  experts: { specialty: '', country: '', tier: '', rising_star: '', q: '' },
};

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
 * options: [[value, label]], suggest: [values]}
 */
function filterBar(listName, fields, state, onChange) {
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
      const sel = h('select', { id, name: f.name }, h('option', { value: '' }, 'all'), f.options.map(([v, label]) => h('option', { value: v }, label)));
      sel.value = state[f.name];
      sel.addEventListener('change', () => {
        state[f.name] = sel.value;
        onChange();
      });
      return h('div', { class: 'filter' }, h('label', { for: id }, f.label), sel);
    }
    const listId = f.suggest?.length ? `${id}-list` : null;
    const input = h('input', { type: f.kind === 'search' ? 'search' : 'text', id, name: f.name, value: state[f.name], list: listId, placeholder: f.placeholder || 'all', autocomplete: 'off', class: f.kind === 'search' ? 'wide' : null });
    input.addEventListener('input', () => {
      state[f.name] = input.value.trim();
      changed();
    });
    return h('div', { class: 'filter' }, h('label', { for: id }, f.label), input, listId ? h('datalist', { id: listId }, f.suggest.map((v) => h('option', { value: v }))) : null);
  });
  const reset = h('button', { type: 'button', class: 'btn' }, 'Reset');
  reset.addEventListener('click', () => {
    for (const k of Object.keys(state)) state[k] = typeof state[k] === 'boolean' ? false : '';
    for (const el of bar.querySelectorAll('input, select')) {
      if (el.type === 'checkbox') el.checked = false;
      else el.value = '';
    }
    onChange();
  });
  const bar = h('form', { class: 'filters', role: 'search', 'aria-label': `Filter the ${listName}`, onsubmit: (e) => e.preventDefault() }, controls, h('div', { class: 'filter actions' }, reset));
  return bar;
}

function summary() {
  return h('p', { class: 'list-summary', 'aria-live': 'polite' });
}
const count = (n, what) => `${fmtInt(n)} ${what}${n === 1 ? '' : 's'}`;
const tierOptions = (d) => (d.settings?.tier_names || (d.tiers || []).map((t) => t.tier)).map((t) => [t, t]);

export const customersLive = defineSection({
  id: 'customers',
  title: 'Customers',
  intro: 'All customers, most valuable first. Filter, sort by a column, and click a row for the customer’s history, predictions and the reasons behind them.',
  render(el, d, ctx) {
    const f = filters.customers;
    const info = summary();
    let list;
    el.append(
      filterBar(
        'customers',
        [
          { name: 'tier', label: 'Tier', kind: 'select', options: tierOptions(d) },
          { name: 'type', label: 'Type', kind: 'text', suggest: known(d, 'type', customerLists) },
          { name: 'region', label: 'Region', kind: 'text', suggest: known(d, 'region', customerLists) },
          { name: 'owner', label: 'Owner', kind: 'text', suggest: known(d, 'owner', customerLists) },
          { name: 'q', label: 'Search', kind: 'search', placeholder: 'id or name' },
          { name: 'key_account', label: 'Key accounts only', kind: 'check' },
          { name: 'alert', label: 'Alerts only', kind: 'check' },
        ],
        f,
        () => list.reload(),
      ),
      info,
    );
    list = serverTable(el, {
      name: 'customers',
      columns: customerColumns(),
      url: () => withQuery('api/customers', f),
      fetchJson: api,
      limit: 25,
      sortState: sorts.customers,
      onRowClick: (row) => ctx.openCustomer(row.customer_id),
      onLoaded: (b) => (info.textContent = `${count(b.total, 'customer')}${Object.values(f).some(Boolean) ? ' match the filters' : ''}`),
    });
  },
});

export const alertsLive = defineSection({
  id: 'alerts',
  title: 'Churn alerts',
  intro: 'Customers whose P(alive) is low or whose next purchase is overdue, ranked by value at risk.',
  render(el, d, ctx) {
    const f = filters.alerts;
    const info = summary();
    let list;
    const reasons = known(d, 'reason', (x) => [x.alerts?.top]);
    el.append(
      filterBar(
        'alerts',
        [
          { name: 'tier', label: 'Tier', kind: 'select', options: tierOptions(d) },
          { name: 'region', label: 'Region', kind: 'text', suggest: known(d, 'region', customerLists) },
          { name: 'owner', label: 'Owner', kind: 'text', suggest: known(d, 'owner', customerLists) },
          { name: 'reason', label: 'Reason', kind: 'select', options: reasons.map((r) => [r, fmtReason(r)]) },
        ],
        f,
        () => list.reload(),
      ),
      info,
    );
    list = serverTable(el, {
      name: 'alerts',
      columns: alertColumns().map((c) => ({ ...c, sort: false })),
      url: () => withQuery('api/alerts', f),
      fetchJson: api,
      limit: 15,
      onRowClick: (row) => ctx.openCustomer(row.customer_id),
      onLoaded: (b) => (info.textContent = count(b.total, 'alert')),
    });
  },
});

export const accountsLive = defineSection({
  id: 'accounts',
  title: 'Accounts',
  intro: 'Every account with the values of everything under it (level 0 at the top). Potential and upside show where revenue is not yet won.',
  render(el, d, ctx) {
    const f = filters.accounts;
    const info = summary();
    let list;
    const levels = known(d, 'level', accountLists);
    const maxLevel = Math.max(2, ...levels.map(Number).filter(Number.isFinite));
    el.append(
      filterBar(
        'accounts',
        [
          { name: 'level', label: 'Level', kind: 'select', options: Array.from({ length: maxLevel + 1 }, (_, i) => [String(i), String(i)]) },
          { name: 'type', label: 'Type', kind: 'text', suggest: known(d, 'type', accountLists) },
          { name: 'region', label: 'Region', kind: 'text', suggest: known(d, 'region', accountLists) },
          { name: 'owner', label: 'Owner', kind: 'text', suggest: known(d, 'owner', accountLists) },
        ],
        f,
        () => list.reload(),
      ),
      info,
    );
    list = serverTable(el, {
      name: 'accounts',
      columns: accountColumns(),
      url: () => withQuery('api/accounts', f),
      fetchJson: api,
      limit: 15,
      sortState: sorts.accounts,
      onRowClick: (row) => ctx.openCustomer(row.account_id),
      onLoaded: (b) => (info.textContent = count(b.total, 'account')),
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
      rep ? ['Rep', repLabel(rep), rep.channel ? `${rep.channel}, ${fmtMoney(rep.cost)} a contact` : null] : ['Reps', fmtInt(reps.length), 'all of the plan'],
      ['Customers', fmtInt(sum('customers'))],
      ['Planned contacts', fmtInt(contacts), `of a capacity of ${fmtInt(capacity)} (${fmtPct(capacity > 0 ? contacts / capacity : null, 0)})`],
      ['Today', fmtNum(sum('current_contacts'), 1), 'contacts per period'],
      ['Even spread', fmtInt(sum('even_contacts')), 'contacts'],
      ['Expected gain', fmtMoney(sum('expected_gain'))],
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
    const info = summary();
    const facts = h('div', { class: 'rep-facts' });
    let list;
    const showRep = () => {
      clear(facts).append(repFacts(d.plan, reps.find((r) => r.rep_id === f.rep_id)));
      facts.dataset.rep = f.rep_id;
    };
    const bar = filterBar(
      'plan',
      [
        { name: 'rep_id', label: 'Rep', kind: 'select', options: reps.map((r) => [r.rep_id, repLabel(r)]) },
        { name: 'tier', label: 'Tier', kind: 'select', options: tierOptions(d) },
        { name: 'q', label: 'Search', kind: 'search', placeholder: 'id or reason' },
      ],
      f,
      () => {
        showRep();
        list.reload();
      },
    );
    el.append(bar, facts, info);
    showRep();
    list = serverTable(el, {
      name: 'rep-plan',
      columns: planColumns(),
      url: () => withQuery('api/plan', f),
      fetchJson: api,
      limit: 25,
      sortState: sorts.plan,
      onRowClick: (row) => ctx.openCustomer(row.customer_id),
      onLoaded: (b) => (info.textContent = `${count(b.total, 'customer')}${f.rep_id ? ` of ${f.rep_id}` : ''}${f.tier || f.q ? ' match the filters' : ''}`),
    });
    // The plan section's rep table opens a rep's list here.
    ctx.chooseRep = (id) => {
      f.rep_id = id;
      const select = bar.querySelector('select[name="rep_id"]');
      if (select) select.value = id;
      showRep();
      list.reload();
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
    const f = filters.experts;
    const info = summary();
    let list;
    const tiers = [...new Set([...TIER_ORDER.filter((t) => (d.experts.tiers || []).some((x) => x.tier === t)), ...(d.experts.tiers || []).map((x) => x.tier)])];
    el.append(
      filterBar(
        'experts',
        [
          { name: 'specialty', label: 'Specialty', kind: 'text', suggest: known(d, 'specialty', expertLists) },
          { name: 'country', label: 'Country', kind: 'text', suggest: known(d, 'country', expertLists) },
          { name: 'tier', label: 'Tier', kind: 'select', options: (tiers.length ? tiers : TIER_ORDER).map((t) => [t, t]) },
          { name: 'rising_star', label: 'Rising stars', kind: 'select', options: [['yes', 'only rising stars']] },
          { name: 'q', label: 'Search', kind: 'search', placeholder: 'id, name or institution' },
        ],
        f,
        () => list.reload(),
      ),
      info,
    );
    list = serverTable(el, {
      name: 'experts',
      columns: expertColumns(),
      url: () => withQuery('api/experts', f),
      fetchJson: api,
      limit: 25,
      sortState: sorts.experts,
      onRowClick: (row) => ctx.openExpert(row.expert_id),
      onLoaded: (b) => (info.textContent = `${count(b.total, 'expert')}${Object.values(f).some(Boolean) ? ' match the filters' : ''}`),
    });
  },
});
