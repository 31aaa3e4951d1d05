// A small stand-in for `winnow serve`, for developing and testing the dashboard without
// the C++ server. It serves the dashboard page at / and answers the JSON API from a
// project's out/ folder (results.json, customers.csv, alerts.csv, accounts.csv,
// reference_customers.csv, plan.csv when the project plans, experts.csv and expert_network.csv when it
// has experts) and the transactions named in its
// winnow.toml.
//   node test/mock_server.mjs --out PROJECT/out [--port 0] [--token T]
// Prints "listening on http://127.0.0.1:PORT/". results.json is re-read when it changes.
// Like the server (issue 14): every list sorts (sort=&order=) by any declared column, searches
// (q=) and answers format=csv with the whole filtered, sorted list; parent_id matches the whole
// subtree; /api/accounts/{id} gives the account 360; /api/customers/{id} adds observation_end,
// next_order and alive_path (P(alive) after each purchase and every 7 days of silence, from
// out/model.json: Pareto/NBD or BG/NBD); /api/health needs no token.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const outDir = resolve(arg('out', join(here, '..', '..', 'build', 'demo', 'pharma', 'out')));
const port = Number(arg('port', '0'));
const host = arg('host', '127.0.0.1');
const token = arg('token', '');
const dist = resolve(arg('dist', join(here, '..', 'dist')));

// --- data -------------------------------------------------------------------------------
/** RFC 4180 CSV → array of objects (header row; quotes, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1 || r[0]).map((r) => Object.fromEntries(head.map((k, j) => [k, r[j] ?? ''])));
}

/** The text and date columns of a file, from the declaration results.json carries (src/results/columns.h). */
const textColumns = (results, file) => new Set((results.columns?.[file] || []).filter((c) => c.type === 'text' || c.type === 'date').map((c) => c.name));
/** Numbers as numbers, empty fields as null. */
function typed(row, text) {
  const o = {};
  for (const [k, v] of Object.entries(row)) o[k] = v === '' ? null : text.has(k) ? v : Number.isFinite(Number(v)) ? Number(v) : v;
  return o;
}
const readCsv = (results, name) => {
  const text = textColumns(results, name);
  return existsSync(join(outDir, name)) ? parseCsv(readFileSync(join(outDir, name), 'utf8')).map((r) => typed(r, text)) : [];
};

function transactionsPath() {
  const toml = join(outDir, '..', 'winnow.toml');
  if (!existsSync(toml)) return null;
  const m = /^\s*transactions\s*=\s*"([^"]+)"/m.exec(readFileSync(toml, 'utf8'));
  return m ? resolve(outDir, '..', m[1]) : null;
}

/**
 * The order to work a plan in, as the server keeps it (server/store.h WorkOrder): planned customers
 * by expected gain per contact, then the others by the next contact's gain; ties by customer_id.
 */
function workOrder(rows) {
  const key = (r) => (r.contacts > 0 ? [0, r.expected_gain / r.contacts] : [1, r.next_contact_gain ?? -Infinity]);
  return rows
    .map((r) => [key(r), r])
    .sort(([a, x], [b, y]) => a[0] - b[0] || b[1] - a[1] || (x.customer_id < y.customer_id ? -1 : x.customer_id > y.customer_id ? 1 : 0))
    .map(([, r]) => r);
}

let db;
function load() {
  const stamp = statSync(join(outDir, 'results.json')).mtimeMs;
  if (db && db.stamp === stamp) return db;
  const resultsText = readFileSync(join(outDir, 'results.json'), 'utf8');
  const history = new Map();
  const tx = transactionsPath();
  if (tx && existsSync(tx)) {
    for (const r of parseCsv(readFileSync(tx, 'utf8'))) {
      if (!history.has(r.customer_id)) history.set(r.customer_id, []);
      history.get(r.customer_id).push({ date: r.date, amount: Number(r.amount) });
    }
    for (const h of history.values()) h.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  const results = JSON.parse(resultsText);
  db = {
    stamp,
    loadedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    resultsText,
    results,
    customers: readCsv(results, 'customers.csv'),
    alerts: readCsv(results, 'alerts.csv'),
    accounts: readCsv(results, 'accounts.csv'),
    reference: readCsv(results, 'reference_customers.csv'),
    plan: existsSync(join(outDir, 'plan.csv')) ? workOrder(readCsv(results, 'plan.csv')) : null,
    experts: existsSync(join(outDir, 'experts.csv')) ? readCsv(results, 'experts.csv') : null,
    network: readCsv(results, 'expert_network.csv'),
    model: existsSync(join(outDir, 'model.json')) ? JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8')) : null,
    history,
  };
  db.byId = new Map(db.customers.map((c) => [c.customer_id, c]));
  db.accountById = new Map(db.accounts.map((a) => [a.account_id, a]));
  // The hierarchy: parent → direct children (accounts and customers, each once).
  db.children = new Map();
  for (const r of [...db.accounts.map((a) => [a.account_id, a.parent_id]), ...db.customers.map((c) => [c.customer_id, c.parent_id])]) {
    const [id, parent] = r;
    if (!parent) continue;
    if (!db.children.has(parent)) db.children.set(parent, new Set());
    db.children.get(parent).add(id);
  }
  return db;
}

/** The ids under id (children, grandchildren, ...), without id itself. */
function subtree(d, id) {
  const out = new Set();
  const stack = [id];
  while (stack.length) {
    for (const k of d.children.get(stack.pop()) || []) {
      if (!out.has(k) && k !== id) {
        out.add(k);
        stack.push(k);
      }
    }
  }
  return out;
}

// --- P(alive) over time -----------------------------------------------------------------
/** Gauss's 2F1(a, b; c; z) by its series (|z| < 1). */
function hyp2f1(a, b, c, z) {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100000; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) break;
  }
  return sum;
}
/**
 * P(alive | x, t_x, T): Pareto/NBD (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model",
 * eq. 18 with A0 on the log scale) or BG/NBD (Fader, Hardie & Lee 2005, eq. 12).
 */
function pAlive(model, x, tx, T) {
  const p = model.params;
  if (model.model === 'bgnbd') {
    if (x === 0) return 1;
    return 1 / (1 + (p.a / (p.b + x - 1)) * Math.pow((p.alpha + T) / (p.alpha + tx), p.r + x));
  }
  if (model.model !== 'pnbd') return null;
  const { r, alpha, s, beta } = p;
  const big = Math.max(alpha, beta);
  const [b2] = alpha >= beta ? [s + 1] : [r + x];
  const z = (t) => Math.abs(alpha - beta) / (big + t);
  const logTerm = (t) => Math.log(hyp2f1(r + s + x, b2, r + s + x + 1, z(t))) - (r + s + x) * Math.log(big + t);
  const logC = (r + x) * Math.log(alpha + T) + s * Math.log(beta + T);
  const a0 = Math.exp(logC + logTerm(tx)) - Math.exp(logC + logTerm(T));
  return 1 / (1 + (s / (r + s + x)) * a0);
}
const DAY = 864e5;
const days = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoDay = (n) => new Date(Math.round(n) * DAY).toISOString().slice(0, 10);
/** P(alive) just after each purchase and then every 7 days of silence, up to the observation end. */
function alivePath(d, purchases, end) {
  if (!d.model || !purchases.length || !end) return [];
  const unit = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 }[d.model.time_unit] || 7;
  const dates = [...new Set(purchases.map((p) => days(p.date)))].sort((a, b) => a - b);
  const first = dates[0];
  const last = days(end);
  const out = [];
  const at = (t, k) => {
    const v = pAlive(d.model, k, (dates[k] - first) / unit, (t - first) / unit);
    if (v !== null && Number.isFinite(v)) out.push({ date: isoDay(t), p_alive: Math.min(1, Math.max(0, v)) });
  };
  for (let k = 0; k < dates.length; k++) {
    const next = k + 1 < dates.length ? dates[k + 1] : last + 1;
    for (let t = dates[k]; t < next && t <= last; t += 7) at(t, k);
  }
  if (!out.length || out.at(-1).date !== end) at(last, dates.filter((t) => t <= last).length - 1);
  return out;
}

// --- API --------------------------------------------------------------------------------
class HttpError extends Error {
  constructor(status, kind, message) {
    super(message);
    Object.assign(this, { status, kind });
  }
}
// Like the real server, a list sorts by any declared column of its file.
const declaredNames = (results, file) => (results.columns?.[file] || []).map((c) => c.name);

const eq = (a, b) => String(a ?? '').toLowerCase() === String(b).toLowerCase();
const csvCell = (v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** A list: sorted (sort=, order=), then a page of it as JSON, or all of it as CSV (format=csv). */
function page(rows, q, { file, results }) {
  const num = (name, lo, hi, d) => {
    if (!q.has(name) || q.get(name) === '') return d;
    const v = Number(q.get(name));
    if (!Number.isInteger(v) || v < lo || v > hi) throw new HttpError(400, 'input', `${name} must be an integer from ${lo} to ${hi}`);
    return v;
  };
  const p = num('page', 1, 1e9, 1);
  const per = num('per_page', 1, 500, 50);
  const names = declaredNames(results, file);
  const sort = q.get('sort') || null;
  const order = q.get('order') || 'desc';
  if (!['asc', 'desc'].includes(order)) throw new HttpError(400, 'input', 'order must be asc or desc');
  if (q.has('order') && !sort) throw new HttpError(400, 'input', 'order needs sort');
  if (sort) {
    if (!names.includes(sort)) throw new HttpError(400, 'input', `sort="${sort}": not a column; the columns are ${names.join(', ')}`);
    const dir = order === 'asc' ? 1 : -1;
    rows = [...rows].sort((a, b) => {
      const x = a[sort];
      const y = b[sort];
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  }
  const format = q.get('format') || 'json';
  if (format === 'csv') {
    const lines = [names.join(','), ...rows.map((r) => names.map((k) => csvCell(r[k])).join(','))];
    return { csv: `${lines.join('\n')}\n`, filename: file.replace(/^.*\//, '') };
  }
  if (format !== 'json') throw new HttpError(400, 'input', `format="${format}": expected json or csv`);
  const out = { total: rows.length, page: p, per_page: per, pages: Math.max(1, Math.ceil(rows.length / per)), sort, order: sort ? order : 'asc' };
  out.rows = rows.slice((p - 1) * per, p * per);
  return out;
}

function reasons(c, results) {
  const tiers = results.settings?.tier_names || [];
  const cuts = results.settings?.tier_cuts || [];
  const i = tiers.indexOf(c.tier);
  const money = (v) => Math.round(v ?? 0).toLocaleString('en-US');
  const tier =
    i < cuts.length
      ? `In tier ${c.tier}: its value of ${money(c.value)} is among the customers who together hold the first ${Math.round(cuts[i] * 100)} % of the value.`
      : `In tier ${c.tier}: its value of ${money(c.value)} falls below the customers who hold the first ${Math.round((cuts.at(-1) ?? 1) * 100)} % of the value.`;
  const key = {
    value: `A key account by value: tier ${c.tier}.`,
    upside: `A key account by upside: ${money(c.upside)} of its potential is not yet won.`,
    'value+upside': `A key account by value (tier ${c.tier}) and by upside (${money(c.upside)} not yet won).`,
  }[c.key_account] || 'Not a key account.';
  const alert = c.alert
    ? `${c.alert === 'lost' ? 'Lost' : 'At risk'}: P(alive) ${(c.p_alive ?? 0).toFixed(2)}, ${c.days_since_last} days since the last purchase against an expected gap of ${(c.expected_gap_days ?? 0).toFixed(0)} days.`
    : null;
  return { tier, key_account: key, alert };
}

// The parameters each list accepts; like the real server, anything else is a 400.
const LIST = ['q', 'sort', 'order', 'page', 'per_page', 'format'];
const PARAMS = {
  '/api/customers': ['tier', 'type', 'region', 'owner', 'parent_id', 'key_account', 'alert', ...LIST],
  '/api/alerts': ['tier', 'type', 'region', 'owner', 'parent_id', 'reason', 'group', 'trend', 'new', ...LIST],
  '/api/accounts': ['type', 'region', 'owner', 'parent_id', 'level', ...LIST],
  '/api/plan': ['rep_id', 'tier', 'channel', ...LIST],
  '/api/experts': ['specialty', 'country', 'tier', 'customer_id', 'rising_star', ...LIST],
  '/api/reference': ['segment', 'tier', ...LIST],
};
const NO_EXPERTS = 'this project has no experts: out/experts.csv is written by `winnow run` when winnow.toml names an experts table (experts.experts)';

/** Rows matching q's equality filters (keys), flags (non-empty when "1"), q= search and parent_id (subtree). */
function filter(d, rows, q, { keys = [], flags = [], search = [], idKey }) {
  const text = (q.get('q') || '').toLowerCase();
  const under = q.get('parent_id') ? subtree(d, q.get('parent_id')) : null;
  return rows.filter(
    (r) =>
      keys.every((k) => !q.get(k) || eq(r[k], q.get(k))) &&
      flags.every((k) => q.get(k) !== '1' || (r[k] !== null && r[k] !== '' && r[k] !== false)) &&
      (!text || search.some((k) => String(r[k] ?? '').toLowerCase().includes(text))) &&
      (!under || under.has(r[idKey])),
  );
}

const sum = (rows, k) => rows.reduce((s, r) => s + (Number(r[k]) || 0), 0);
const byDesc = (k) => (a, b) => (b[k] ?? -Infinity) - (a[k] ?? -Infinity);

/** The account 360 (contract: /work/ISSUE14.md "Account 360 object"). */
function account(d, id) {
  const customer = d.byId.get(id);
  let row = d.accountById.get(id);
  if (!row && !customer) throw new HttpError(404, 'not_found', `no account "${id}"`);
  const ids = subtree(d, id);
  ids.add(id);
  const customers = [...ids].map((k) => d.byId.get(k)).filter(Boolean);
  const alerts = d.alerts.filter((a) => ids.has(a.customer_id));
  if (!row) {
    row = { account_id: id, name: customer.name, type: customer.type, region: customer.region, owner: customer.owner, parent_id: customer.parent_id, level: null, children: 0, customers: 1 };
    for (const k of ['clv', 'referral_value', 'value', 'annual_revenue', 'potential', 'share_of_wallet', 'upside']) row[k] = customer[k] ?? null;
    Object.assign(row, { value_at_risk: sum(alerts.filter((a) => a.group === 'at_risk'), 'value_at_risk'), alerts: alerts.filter((a) => a.group === 'at_risk').length, lost: alerts.filter((a) => a.group === 'lost').length });
  }
  const path = [];
  for (let p = row.parent_id, guard = 0; p && guard < 100; guard++) {
    const a = d.accountById.get(p) || d.byId.get(p);
    path.unshift({ account_id: p, name: a?.name ?? null, type: a?.type ?? null });
    p = a?.parent_id;
  }
  const tierNames = d.results.settings?.tier_names || [...new Set(customers.map((c) => c.tier))];
  const tiers = tierNames.map((t) => {
    const cs = customers.filter((c) => c.tier === t);
    return { tier: t, customers: cs.length, value: sum(cs, 'value') };
  });
  const atRisk = alerts.filter((a) => a.group === 'at_risk');
  const lost = alerts.filter((a) => a.group === 'lost');
  const children = [...(d.children.get(id) || [])].map((k) => {
    const c = d.byId.get(k);
    const a = d.accountById.get(k);
    if (d.children.has(k) || !c) {
      return { id: k, name: a?.name ?? c?.name ?? null, type: a?.type ?? c?.type ?? null, kind: 'account', tier: '', customers: a?.customers ?? 0, value: a?.value ?? 0, alerts: a?.alerts ?? 0 };
    }
    return { id: k, name: c.name, type: c.type, kind: 'customer', tier: c.tier, customers: 1, value: c.value, alerts: c.alert === 'at_risk' ? 1 : 0 };
  });
  children.sort(byDesc('value'));
  // Purchases per calendar month, the 24 months up to the observation end.
  const end = d.results.model?.observation_end;
  const months = [];
  if (end) {
    let [y, m] = end.split('-').map(Number);
    for (let k = 0; k < 24; k++) {
      months.unshift(`${y}-${String(m).padStart(2, '0')}`);
      if (--m === 0) (m = 12), y--;
    }
  }
  const revenue = months.map(() => 0);
  const orders = months.map(() => 0);
  for (const c of customers) {
    for (const p of d.history.get(c.customer_id) || []) {
      const i = months.indexOf(p.date.slice(0, 7));
      if (i >= 0 && p.date <= end) (revenue[i] += p.amount), orders[i]++;
    }
  }
  const experts = d.experts ? d.experts.filter((x) => ids.has(x.customer_id)).sort(byDesc('total_score')) : null;
  const planRows = d.plan ? d.plan.filter((r) => ids.has(r.customer_id)) : null;
  const reps = planRows ? [...new Set(planRows.map((r) => r.rep_id))].map((rep) => ({ rep_id: rep, contacts: sum(planRows.filter((r) => r.rep_id === rep), 'contacts'), expected_gain: sum(planRows.filter((r) => r.rep_id === rep), 'expected_gain') })) : null;
  const pick = (r, keys) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
  return {
    account: row,
    path,
    tiers,
    alerts: { at_risk: atRisk.length, lost: lost.length, value_at_risk: sum(atRisk, 'value_at_risk'), win_back_value: sum(lost, 'win_back_value'), top: [...atRisk, ...lost].slice(0, 10) },
    children: { count: children.length, top: children.slice(0, 20) },
    top_customers: [...customers].sort(byDesc('value')).slice(0, 10).map((c) => pick(c, ['customer_id', 'name', 'type', 'tier', 'value', 'clv', 'p_alive', 'key_account', 'alert'])),
    history: { months, revenue, orders },
    experts: experts ? { count: experts.length, top: experts.slice(0, 10).map((x) => pick(x, ['expert_id', 'name', 'specialty', 'tier', 'total_score', 'customer_id'])) } : null,
    plan: planRows
      ? { customers: planRows.length, contacts: sum(planRows, 'contacts'), expected_gain: sum(planRows, 'expected_gain'), current_contacts: sum(planRows, 'current_contacts'), reps: reps.sort(byDesc('expected_gain')) }
      : null,
  };
}

function api(path, q, d) {
  for (const name of q.keys()) {
    if (PARAMS[path] && !PARAMS[path].includes(name)) throw new HttpError(400, 'input', `unknown parameter "${name}"; the parameters are ${PARAMS[path].join(', ')}`);
  }
  const results = d.results;
  if (path === '/api/results') return d.resultsText;
  if (path === '/api/model') return d.results.model ?? null;
  if (path === '/api/reference') {
    const rows = filter(d, d.reference, q, { keys: ['segment', 'tier'], search: ['customer_id', 'name', 'segment'] });
    return page(rows, q, { file: 'reference_customers.csv', results });
  }
  if (path === '/api/customers') {
    const rows = filter(d, d.customers, q, { keys: ['tier', 'type', 'region', 'owner'], flags: ['key_account', 'alert'], search: ['customer_id', 'name'], idKey: 'customer_id' });
    return page(rows, q, { file: 'customers.csv', results });
  }
  const m = /^\/api\/customers\/(.+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]);
    const c = d.byId.get(id);
    if (!c) throw new HttpError(404, 'not_found', `no customer "${id}"`);
    const history = d.history.get(id) || [];
    const end = results.model?.observation_end ?? null;
    const next = c.last_purchase && Number.isFinite(c.expected_gap_days) ? isoDay(days(c.last_purchase) + c.expected_gap_days) : null;
    return {
      customer: c,
      history,
      reasons: reasons(c, results),
      experts: (d.experts || []).filter((x) => x.customer_id === id),
      observation_end: end,
      next_order: next,
      alive_path: alivePath(d, history.filter((p) => !end || p.date <= end), end),
    };
  }
  if (path === '/api/alerts') {
    const rows = filter(d, d.alerts, q, { keys: ['tier', 'type', 'region', 'owner', 'reason', 'group', 'trend'], flags: ['new'], search: ['customer_id', 'name'], idKey: 'customer_id' });
    return page(rows, q, { file: 'alerts.csv', results });
  }
  if (path === '/api/accounts') {
    const rows = filter(d, d.accounts, q, { keys: ['type', 'region', 'owner', 'level'], search: ['account_id', 'name'], idKey: 'account_id' });
    return page(rows, q, { file: 'accounts.csv', results });
  }
  const acc = /^\/api\/accounts\/([^/]+)$/.exec(path);
  if (acc) return account(d, decodeURIComponent(acc[1]));
  if (path === '/api/plan') {
    if (!d.plan) throw new HttpError(404, 'not_found', 'this project has no effort plan: out/plan.csv is written by `winnow run` when winnow.toml names a reps table (plan.reps)');
    const rows = d.plan.filter((r) => ['rep_id', 'tier', 'channel'].every((k) => !q.has(k) || String(r[k] ?? '') === q.get(k)));
    return page(filter(d, rows, q, { search: ['customer_id', 'reason'] }), q, { file: 'plan.csv', results });
  }
  if (path === '/api/experts') {
    if (!d.experts) throw new HttpError(404, 'not_found', NO_EXPERTS);
    const rows = d.experts.filter((r) => ['specialty', 'country', 'tier', 'customer_id', 'rising_star'].every((k) => !q.has(k) || String(r[k] ?? '') === q.get(k)));
    return page(filter(d, rows, q, { search: ['expert_id', 'name', 'institution'] }), q, { file: 'experts.csv', results });
  }
  const e = /^\/api\/experts\/([^/]+)$/.exec(path);
  if (e) {
    if (!d.experts) throw new HttpError(404, 'not_found', NO_EXPERTS);
    const id = decodeURIComponent(e[1]);
    const x = d.experts.find((r) => r.expert_id === id);
    if (!x) throw new HttpError(404, 'not_found', `no expert "${id}"`);
    const byId = new Map(d.experts.map((r) => [r.expert_id, r]));
    const neighbours = d.network
      .filter((n) => n.source === id || n.target === id)
      .map((n) => {
        const other = n.source === id ? n.target : n.source;
        return { expert_id: other, name: byId.get(other)?.name ?? null, tier: byId.get(other)?.tier ?? null, weight: n.weight };
      })
      .sort((a, b) => (b.weight ?? -Infinity) - (a.weight ?? -Infinity) || (a.expert_id < b.expert_id ? -1 : a.expert_id > b.expert_id ? 1 : 0));
    return { expert: x, neighbours };
  }
  throw new HttpError(404, 'not_found', `no such endpoint: ${path}`);
}

function dashboardHtml() {
  const css = readFileSync(join(dist, 'dashboard.css'), 'utf8');
  const js = readFileSync(join(dist, 'dashboard.js'), 'utf8');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>winnow dashboard</title><style>${css}</style></head>\n<body><div id="app"></div><script>${js}</script></body></html>\n`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  const error = (e) => send(e.status || 500, JSON.stringify({ error: { kind: e.kind || 'internal', message: e.message } }));
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
    if (url.pathname === '/') return send(200, dashboardHtml(), 'text/html');
    if (!url.pathname.startsWith('/api/')) return send(404, 'not found', 'text/plain');
    if (url.pathname === '/api/health') {
      const d = load();
      return send(200, JSON.stringify({ status: 'ok', version: d.results.winnow_version ?? '0.1.0', results_loaded_at: d.loadedAt, customers: d.customers.length }));
    }
    if (token && req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'auth', 'a valid token is required: Authorization: Bearer <token>');
    const body = api(url.pathname, url.searchParams, load());
    if (body && typeof body.csv === 'string') {
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${body.filename}"`, 'Cache-Control': 'no-store' });
      return res.end(body.csv);
    }
    send(200, typeof body === 'string' ? body : JSON.stringify(body));
  } catch (e) {
    if (!e.status) console.error(e);
    error(e);
  }
});
load();
server.listen(port, host, () => console.log(`listening on http://${host}:${server.address().port}/`));
