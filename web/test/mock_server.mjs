// A small stand-in for `winnow serve`, for developing and testing the dashboard without
// the C++ server. It serves the dashboard page at / and answers the JSON API from a
// project's out/ folder (results.json, customers.csv, alerts.csv, accounts.csv,
// reference_customers.csv, plan.csv when the project plans, experts.csv and expert_network.csv when it
// has experts) and the transactions named in its
// winnow.toml.
//   node test/mock_server.mjs --out PROJECT/out [--port 0] [--token T]
// Prints "listening on http://127.0.0.1:PORT/". results.json is re-read when it changes.
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
    history,
  };
  db.byId = new Map(db.customers.map((c) => [c.customer_id, c]));
  return db;
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
function page(rows, q, { sorts, dflt } = {}) {
  const num = (name, lo, hi, d) => {
    if (!q.has(name) || q.get(name) === '') return d;
    const v = Number(q.get(name));
    if (!Number.isInteger(v) || v < lo || v > hi) throw new HttpError(400, 'input', `${name} must be an integer from ${lo} to ${hi}`);
    return v;
  };
  const p = num('page', 1, 1e9, 1);
  const per = num('per_page', 1, 500, 50);
  let sort = null;
  let order = q.get('order') || 'desc';
  if (!['asc', 'desc'].includes(order)) throw new HttpError(400, 'input', 'order must be asc or desc');
  if (sorts) {
    sort = q.get('sort') || dflt;
    if (!sorts.includes(sort)) throw new HttpError(400, 'input', `cannot sort by "${sort}"`);
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
  const out = { total: rows.length, page: p, per_page: per, pages: Math.max(1, Math.ceil(rows.length / per)) };
  if (sorts) Object.assign(out, { sort, order });
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
      ? `In tier ${c.tier}: its total value of ${money(c.total_value)} is among the customers who together hold the first ${Math.round(cuts[i] * 100)} % of the value.`
      : `In tier ${c.tier}: its total value of ${money(c.total_value)} falls below the customers who hold the first ${Math.round((cuts.at(-1) ?? 1) * 100)} % of the value.`;
  const key = {
    value: `A key account by value: tier ${c.tier}.`,
    upside: `A key account by upside: ${money(c.upside)} of its potential is not yet won.`,
    'value+upside': `A key account by value (tier ${c.tier}) and by upside (${money(c.upside)} not yet won).`,
  }[c.key_account] || 'Not a key account.';
  const alert = c.alert
    ? `Churn alert (${c.alert.replace(/_/g, ' ')}): P(alive) ${(c.p_alive ?? 0).toFixed(2)}, ${c.days_since_last} days since the last purchase against an expected gap of ${(c.expected_gap_days ?? 0).toFixed(0)} days; ${money(c.value_at_risk)} at risk.`
    : null;
  return { tier, key_account: key, alert };
}

// The parameters each list accepts; like the real server, anything else is a 400.
const PARAMS = {
  '/api/customers': ['tier', 'type', 'region', 'owner', 'key_account', 'alert', 'q', 'sort', 'order', 'page', 'per_page'],
  '/api/alerts': ['tier', 'type', 'region', 'owner', 'reason', 'page', 'per_page'],
  '/api/accounts': ['type', 'region', 'owner', 'parent_id', 'level', 'sort', 'order', 'page', 'per_page'],
  '/api/plan': ['rep_id', 'tier', 'channel', 'q', 'sort', 'order', 'page', 'per_page'],
  '/api/experts': ['specialty', 'country', 'tier', 'customer_id', 'rising_star', 'q', 'sort', 'order', 'page', 'per_page'],
};
const NO_EXPERTS = 'this project has no experts: out/experts.csv is written by `winnow run` when winnow.toml names an experts table (experts.experts)';

function api(path, q, d) {
  for (const name of q.keys()) {
    if (PARAMS[path] && !PARAMS[path].includes(name)) throw new HttpError(400, 'input', `unknown parameter "${name}"; the parameters are ${PARAMS[path].join(', ')}`);
  }
  if (path === '/api/health') return { status: 'ok', version: d.results.winnow_version ?? '0.1.0', results_loaded_at: d.loadedAt, customers: d.customers.length };
  if (path === '/api/results') return d.resultsText;
  if (path === '/api/model') return d.results.model ?? null;
  if (path === '/api/reference') return { rows: d.reference };
  if (path === '/api/customers') {
    const text = (q.get('q') || '').toLowerCase();
    const rows = d.customers.filter(
      (c) =>
        ['tier', 'type', 'region', 'owner'].every((k) => !q.get(k) || eq(c[k], q.get(k))) &&
        (q.get('key_account') !== '1' || c.key_account) &&
        (q.get('alert') !== '1' || c.alert) &&
        (!text || c.customer_id.toLowerCase().includes(text) || String(c.name ?? '').toLowerCase().includes(text)),
    );
    return page(rows, q, { sorts: declaredNames(d.results, 'customers.csv'), dflt: 'total_value' });
  }
  const m = /^\/api\/customers\/(.+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]);
    const c = d.byId.get(id);
    if (!c) throw new HttpError(404, 'not_found', `no customer "${id}"`);
    return { customer: c, history: d.history.get(id) || [], reasons: reasons(c, d.results), experts: (d.experts || []).filter((x) => x.customer_id === id) };
  }
  if (path === '/api/alerts') {
    const rows = d.alerts.filter((a) => ['tier', 'type', 'region', 'owner', 'reason'].every((k) => !q.get(k) || eq(a[k], q.get(k))));
    return page(rows, q);
  }
  if (path === '/api/accounts') {
    const rows = d.accounts.filter((a) => ['type', 'region', 'owner', 'parent_id', 'level'].every((k) => !q.get(k) || eq(a[k], q.get(k))));
    return page(rows, q, { sorts: declaredNames(d.results, 'accounts.csv'), dflt: 'total_value' });
  }
  if (path === '/api/plan') {
    if (!d.plan) throw new HttpError(404, 'not_found', 'this project has no effort plan: out/plan.csv is written by `winnow run` when winnow.toml names a reps table (plan.reps)');
    const text = (q.get('q') || '').toLowerCase();
    const rows = d.plan.filter(
      (r) =>
        ['rep_id', 'tier', 'channel'].every((k) => !q.has(k) || String(r[k] ?? '') === q.get(k)) &&
        (!text || r.customer_id.toLowerCase().includes(text) || String(r.reason ?? '').toLowerCase().includes(text)),
    );
    return page(rows, q, q.has('sort') ? { sorts: declaredNames(d.results, 'plan.csv') } : {});
  }
  if (path === '/api/experts') {
    if (!d.experts) throw new HttpError(404, 'not_found', NO_EXPERTS);
    const text = (q.get('q') || '').toLowerCase();
    const rows = d.experts.filter(
      (r) =>
        ['specialty', 'country', 'tier', 'customer_id', 'rising_star'].every((k) => !q.has(k) || String(r[k] ?? '') === q.get(k)) &&
        (!text || ['expert_id', 'name', 'institution'].some((k) => String(r[k] ?? '').toLowerCase().includes(text))),
    );
    return page(rows, q, q.has('sort') ? { sorts: declaredNames(d.results, 'experts.csv') } : {});
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
    if (token && req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'auth', 'a valid token is required: Authorization: Bearer <token>');
    const body = api(url.pathname, url.searchParams, load());
    send(200, typeof body === 'string' ? body : JSON.stringify(body));
  } catch (e) {
    if (!e.status) console.error(e);
    error(e);
  }
});
load();
server.listen(port, host, () => console.log(`listening on http://${host}:${server.address().port}/`));
