// The API against its OpenAPI description (issue 14): src/server/openapi.json must be a valid
// OpenAPI document (checked by @apidevtools/swagger-parser), name every route `winnow serve`
// answers, describe every row with the columns the run declares (results.json's `columns`) and
// the list parameters the server takes, and every answer of the server must match the schema of
// its route and status (ajv + ajv-formats). Two projects are run and served: the pharma sample
// (with reps and experts) and the same without them (the 404s of /api/plan and /api/experts, and
// the nulls of the Account 360). Every route is requested, every documented status of every
// route is produced at least once, and the server is always stopped.
//   node test/openapi.test.mjs WINNOW_BINARY      (ctest: Web.OpenApi)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const winnow = process.argv[2] || process.env.WINNOW_BINARY;
if (!winnow) throw new Error('usage: node test/openapi.test.mjs WINNOW_BINARY');
const documentPath = path.join(root, 'src/server/openapi.json');
const documentText = fs.readFileSync(documentPath, 'utf8');
const doc = JSON.parse(documentText);

// The routes `winnow serve` answers (src/server/http.cc, Route); the document must list exactly these.
const ROUTES = [
  '/', '/favicon.ico', '/api/health', '/api/openapi.json', '/api/results', '/api/model',
  '/api/customers', '/api/customers/{id}', '/api/alerts', '/api/accounts', '/api/accounts/{id}',
  '/api/plan', '/api/experts', '/api/experts/{id}', '/api/reference',
];
// The lists: route, the file its rows come from (results.json's `columns` key), its id column and
// the columns q= searches (src/results/columns.h).
const LISTS = [
  { route: '/api/customers', file: 'customers.csv', id: 'customer_id', search: ['customer_id', 'name'] },
  { route: '/api/alerts', file: 'alerts.csv', id: 'customer_id', search: ['customer_id', 'name'] },
  { route: '/api/accounts', file: 'accounts.csv', id: 'account_id', search: ['account_id', 'name'] },
  { route: '/api/plan', file: 'plan.csv', id: 'customer_id', search: ['customer_id', 'reason'] },
  { route: '/api/experts', file: 'experts.csv', id: 'expert_id', search: ['expert_id', 'name', 'institution'] },
  { route: '/api/reference', file: 'reference_customers.csv', id: 'customer_id', search: ['customer_id', 'name'] },
];

// ---- The servers

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-openapi-'));
const token = `openapi-test-token-${process.pid}-${Date.now()}`;
const servers = [];
const stopAll = () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
};
process.on('exit', () => {
  stopAll();
  fs.rmSync(work, { recursive: true, force: true });
});
// ctest's timeout (SIGTERM) or ^C: stop the servers too.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopAll();
    process.exit(1);
  });
}

// Copies the pharma sample to `name` (editing its winnow.toml), runs it, and serves it with the token.
async function serveProject(name, editToml = (t) => t) {
  const dir = path.join(work, name);
  fs.cpSync(path.join(root, 'examples/pharma'), dir, { recursive: true });
  const toml = path.join(dir, 'winnow.toml');
  fs.writeFileSync(toml, editToml(fs.readFileSync(toml, 'utf8')));
  const run = spawnSync(winnow, ['--quiet', 'run', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, `winnow run ${name} failed:\n${run.stderr}`);
  const tokenFile = path.join(work, 'token');
  fs.writeFileSync(tokenFile, `${token}\n`);
  const child = spawn(winnow, ['serve', dir, '--port', '0', '--token-file', tokenFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { child, log: '' };
  servers.push(server);
  server.base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`winnow serve did not start within 20 s:\n${server.log}`)), 20000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      server.log += chunk;
      const m = server.log.match(/serving .* on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`winnow serve exited (${code}):\n${server.log}`));
    });
  });
  return server;
}

// ---- Schemas: the document dereferenced, one compiled validator per route, status and media type

const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);
let resolved; // the dereferenced document
const validators = new Map();
const exercised = new Set(); // "route status" pairs answered and checked

function templateOf(urlPath) {
  if (ROUTES.includes(urlPath)) return urlPath;
  for (const route of ROUTES.filter((r) => r.includes('{'))) {
    const pattern = new RegExp(`^${route.replace('{id}', '[^/]+')}$`);
    if (pattern.test(urlPath)) return route;
  }
  return null;
}

function schemaOf(route, status, mediaType) {
  const operation = resolved.paths[route]?.get;
  assert.ok(operation, `the document has no GET ${route}`);
  const response = operation.responses[String(status)];
  assert.ok(response, `the document has no status ${status} for GET ${route} (it has ${Object.keys(operation.responses)})`);
  if (!response.content) return null;
  const content = response.content[mediaType];
  assert.ok(content, `GET ${route} ${status}: the document has no ${mediaType} (it has ${Object.keys(response.content)})`);
  const key = `${route} ${status} ${mediaType}`;
  if (!validators.has(key)) validators.set(key, ajv.compile(content.schema));
  return validators.get(key);
}

function describeErrors(errors, body) {
  return errors.slice(0, 8).map((e) => {
    let value = body;
    for (const part of e.instancePath.split('/').slice(1)) value = value?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}; value: ${JSON.stringify(value)?.slice(0, 200)}`;
  }).join('\n');
}

// Requests `target` from `server` and checks the answer against the document: the status is
// `status` and documented for the route, and the body matches that status' schema for the
// answer's media type. Returns { status, headers, body (parsed JSON or text) }.
async function call(server, target, { status = 200, auth = token } = {}) {
  const headers = auth === null ? {} : { Authorization: `Bearer ${auth}` };
  const response = await fetch(server.base + target, { headers });
  const text = await response.text();
  const urlPath = decodeURIComponent(target.split('?')[0]);
  const route = templateOf(urlPath);
  assert.ok(route, `${urlPath} is not a route of the document`);
  assert.equal(response.status, status, `GET ${target}: status ${response.status}, expected ${status}: ${text.slice(0, 300)}`);
  const mediaType = (response.headers.get('content-type') || '').split(';')[0].trim();
  const validate = schemaOf(route, status, mediaType);
  let body = text;
  if (mediaType === 'application/json') body = JSON.parse(text);
  if (validate) {
    if (!validate(body)) {
      assert.fail(`GET ${target} (${status}, ${mediaType}) does not match the document:\n${describeErrors(validate.errors, body)}`);
    }
  } else {
    assert.equal(text, '', `GET ${target} (${status}): the document says no content`);
  }
  exercised.add(`${route} ${status}`);
  return { status: response.status, headers: response.headers, body };
}

// ---- Small helpers

// RFC 4180 rows of a CSV text (quoted fields with commas, quotes and line ends).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

const ref = (schema) => schema.$ref?.replace('#/components/schemas/', '');
// The query parameters the document declares for a route (resolving $refs).
const documentedParameters = (route) =>
  resolved.paths[route].get.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort();
// The row schema of a list route (its 200 JSON page's rows).
const rowSchemaName = (route) => {
  const page = doc.components.schemas[ref(doc.paths[route].get.responses['200'].content['application/json'].schema)];
  return ref(page.properties.rows.items);
};

function assertSorted(rows, column, order, where) {
  for (let k = 1; k < rows.length; ++k) {
    const a = rows[k - 1][column], b = rows[k][column];
    if (typeof a === 'number' || typeof b === 'number' || a === null || b === null) {
      if (b === null) continue; // missing values last in either order
      assert.notEqual(a, null, `${where}: a missing ${column} before a value`);
      assert.ok(order === 'asc' ? a <= b : a >= b, `${where}: ${column} ${a} then ${b} is not ${order}`);
    } else {
      assert.ok(order === 'asc' ? a <= b : a >= b, `${where}: ${column} "${a}" then "${b}" is not ${order}`);
    }
  }
}

// ---- The tests

let pharma, bare, results;

before(async () => {
  resolved = await SwaggerParser.dereference(structuredClone(doc));
  pharma = await serveProject('pharma');
  // The same project without reps and experts: no plan.csv, no experts.csv.
  bare = await serveProject('bare', (t) => t.slice(0, t.indexOf('[experts]')));
  // Read without the schema check here, so that a mismatch fails one test, not all of them.
  const response = await fetch(`${pharma.base}/api/results`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  results = await response.json();
});

after(async () => {
  stopAll();
  // Wait for them to exit (SIGKILL after 10 s).
  await Promise.all(servers.map((s) => new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 10000);
    s.child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  })));
});

describe('the document', () => {
  test('is a valid OpenAPI 3.0 document (swagger-parser)', async () => {
    await SwaggerParser.validate(structuredClone(doc));
    assert.match(doc.openapi, /^3\.0\.\d+$/);
  });

  test('names exactly the routes the server answers', () => {
    assert.deepEqual(Object.keys(doc.paths).sort(), [...ROUTES].sort());
    for (const [route, item] of Object.entries(doc.paths)) {
      assert.deepEqual(Object.keys(item), ['get'], `${route}: the server answers GET (and HEAD) only`);
    }
  });

  test('is served as it is in the repository, without the token', async () => {
    const { body } = await call(pharma, '/api/openapi.json', { auth: null });
    assert.deepEqual(body, doc);
  });

  test('needs the token everywhere but the page, the icon, health and the document', () => {
    assert.deepEqual(doc.security, [{ bearer: [] }]);
    assert.deepEqual(doc.components.securitySchemes.bearer, { ...doc.components.securitySchemes.bearer, type: 'http', scheme: 'bearer' });
    const open = Object.entries(doc.paths).filter(([, item]) => Array.isArray(item.get.security) && item.get.security.length === 0).map(([r]) => r);
    assert.deepEqual(open.sort(), ['/', '/api/health', '/api/openapi.json', '/favicon.ico']);
  });

  test('describes each row with the columns the run declares, in order and by type', () => {
    for (const { route, file } of LISTS) {
      const declared = results.columns[file];
      assert.ok(declared, `results.json declares no ${file}`);
      const schema = doc.components.schemas[rowSchemaName(route)];
      assert.deepEqual(Object.keys(schema.properties), declared.map((c) => c.name), `${route}: the row's keys are not ${file}'s columns`);
      assert.deepEqual(schema.required, declared.map((c) => c.name), `${route}: every column is required`);
      assert.equal(schema.additionalProperties, false, `${route}: rows have no other keys`);
      for (const c of declared) {
        const p = schema.properties[c.name];
        const where = `${route} ${c.name} (${c.type})`;
        if (c.type === 'text') assert.equal(p.type, 'string', where);
        if (c.type === 'integer') assert.ok(p.type === 'integer' && !p.nullable, where);
        if (c.type === 'number') assert.ok(p.type === 'number' && p.nullable === true, where);
        if (c.type === 'date') assert.ok(['Date', 'DateOrEmpty'].includes(ref(p)), where);
        if (c.unit === 'probability') assert.ok(p.minimum === 0 && p.maximum === 1, `${where}: a probability`);
      }
    }
  });

  test('declares the list parameters the server takes', async () => {
    for (const { route } of LISTS) {
      // An unknown parameter is refused with the list of the parameters the server takes.
      const { body } = await call(pharma, `${route}?no_such_parameter=1`, { status: 400 });
      const m = body.error.message.match(/the parameters are (.*)$/);
      assert.ok(m, `${route}: the message does not list the parameters: ${body.error.message}`);
      assert.deepEqual(documentedParameters(route), m[1].split(', ').sort(), `${route}: the document's parameters differ from the server's`);
    }
  });
});

describe('the routes without the token', () => {
  test('the page, the icon and health answer without the token', async () => {
    const page = await call(pharma, '/', { auth: null });
    assert.match(page.body, /<html/i);
    await call(pharma, '/favicon.ico', { status: 204, auth: null });
    const { body } = await call(pharma, '/api/health', { auth: null });
    assert.equal(body.status, 'ok');
    assert.equal(body.version, results.winnow_version);
    assert.equal(body.customers, undefined, 'no customer data without the token');
    const withToken = (await call(pharma, '/api/health')).body;
    assert.equal(withToken.customers, results.headline.customers);
  });

  test('every other route answers 401 without a valid token', async () => {
    for (const route of ROUTES.filter((r) => r.startsWith('/api/') && r !== '/api/health' && r !== '/api/openapi.json')) {
      const target = route.replace('{id}', 'X1');
      const r = await call(pharma, target, { status: 401, auth: null });
      assert.equal(r.body.error.kind, 'auth');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer');
      await call(pharma, target, { status: 401, auth: `${token}x` });
    }
  });

  test('an unknown path is 404', async () => {
    const response = await fetch(`${pharma.base}/api/no-such-route`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 404);
    const body = await response.json();
    assert.ok(schemaOf('/api/results', 'default', 'application/json')(body));
    assert.equal(body.error.kind, 'not_found');
  });
});

describe('results and model', () => {
  test('/api/results is results.json', async () => {
    const { body } = await call(pharma, '/api/results');
    assert.deepEqual(body, JSON.parse(fs.readFileSync(path.join(work, 'pharma/out/results.json'), 'utf8')));
    assert.equal(results.headline.customers, (await call(pharma, '/api/customers?per_page=1')).body.total);
    assert.deepEqual(Object.keys(results.columns).sort(), [...LISTS.map((l) => l.file), 'expert_network.csv', 'rep_plans/REP.csv'].sort());
  });

  test('/api/model is the model section', async () => {
    const { body } = await call(pharma, '/api/model');
    assert.deepEqual(body, results.model);
    // These take no parameters (and ignore them), but a malformed query is refused.
    for (const route of ['/api/model', '/api/results', '/api/health', '/api/openapi.json']) {
      const { body } = await call(pharma, `${route}?x=%zz`, { status: 400, auth: route.startsWith('/api/health') || route.startsWith('/api/openapi') ? null : token });
      assert.equal(body.error.kind, 'input');
    }
  });
});

describe('the lists', () => {
  for (const { route, file, id, search } of LISTS) {
    describe(route, () => {
      let first; // the first page, default order

      test('pages', async () => {
        first = (await call(pharma, route)).body;
        assert.ok(first.total > 0, `${route} is empty`);
        assert.equal(first.page, 1);
        assert.equal(first.per_page, 50);
        assert.equal(first.sort, null);
        assert.equal(first.pages, Math.ceil(first.total / 50));
        assert.equal(first.rows.length, Math.min(50, first.total));
        const second = (await call(pharma, `${route}?page=2&per_page=3`)).body;
        assert.equal(second.page, 2);
        assert.deepEqual(second.rows.map((r) => r[id]), first.rows.slice(3, 6).map((r) => r[id]));
        const beyond = (await call(pharma, `${route}?page=${first.pages + 1}`)).body;
        assert.equal(beyond.rows.length, 0);
        await call(pharma, `${route}?per_page=501`, { status: 400 });
        await call(pharma, `${route}?page=0`, { status: 400 });
      });

      test('filters, flags and search', async () => {
        const operation = resolved.paths[route].get;
        const sample = first.rows[0];
        for (const p of operation.parameters.filter((q) => q.in === 'query')) {
          if (['q', 'sort', 'order', 'page', 'per_page', 'format'].includes(p.name)) continue;
          if (p.name === 'parent_id') continue; // subtree: below
          if (p.schema.enum?.includes('1')) { // a flag
            const { body } = await call(pharma, `${route}?${p.name}=1&per_page=500`);
            for (const row of body.rows) assert.notEqual(row[p.name], '', `${route}?${p.name}=1 kept an empty row`);
            continue;
          }
          const value = sample[p.name];
          const { body } = await call(pharma, `${route}?${p.name}=${encodeURIComponent(value)}&per_page=500`);
          assert.ok(body.total >= 1, `${route}?${p.name}=${value} found nothing`);
          for (const row of body.rows) assert.equal(row[p.name], value, `${route}?${p.name}=${value}`);
        }
        const q = operation.parameters.find((p) => p.name === 'q');
        const columns = search;
        const needle = String(sample[columns.at(-1)] || sample[id]).slice(1, 5).toUpperCase();
        const { body } = await call(pharma, `${route}?q=${encodeURIComponent(needle)}&per_page=500`);
        assert.ok(body.total >= 1, `${route}?q=${needle} found nothing`);
        for (const row of body.rows) {
          assert.ok(columns.some((c) => String(row[c]).toUpperCase().includes(needle)), `${route}?q=${needle}: ${row[id]} does not match`);
        }
        assert.ok(q.schema.maxLength === 200);
        await call(pharma, `${route}?q=${'x'.repeat(201)}`, { status: 400 });
      });

      test('sorts by every column, both ways', async () => {
        const columns = results.columns[file].map((c) => c.name);
        for (const column of columns) {
          for (const order of ['asc', 'desc']) {
            const { body } = await call(pharma, `${route}?sort=${column}&order=${order}&per_page=100`);
            assert.equal(body.sort, column);
            assert.equal(body.order, order);
            assertSorted(body.rows, column, order, `${route}?sort=${column}&order=${order}`);
          }
        }
        await call(pharma, `${route}?sort=no_such_column`, { status: 400 });
        await call(pharma, `${route}?sort=${columns[0]}&order=up`, { status: 400 });
      });

      test('exports the whole filtered and sorted list as CSV', async () => {
        const column = results.columns[file].find((c) => c.type === 'number').name;
        const json = (await call(pharma, `${route}?sort=${column}&order=desc&per_page=500`)).body;
        const csv = await call(pharma, `${route}?sort=${column}&order=desc&format=csv&per_page=2&page=1`);
        assert.match(csv.headers.get('content-disposition') || '', new RegExp(`^attachment; filename="?${path.basename(file)}"?$`));
        const rows = parseCsv(csv.body);
        assert.deepEqual(rows[0], results.columns[file].map((c) => c.name), `${route}?format=csv: the header is not the columns`);
        assert.equal(rows.length - 1, json.total, `${route}?format=csv: not the whole list`);
        const at = rows[0].indexOf(id);
        assert.deepEqual(rows.slice(1, 1 + json.rows.length).map((r) => r[at]), json.rows.map((r) => r[id]), `${route}?format=csv: not in the list's order`);
        await call(pharma, `${route}?format=xml`, { status: 400 });
      });
    });
  }

  test('parent_id matches the whole subtree', async () => {
    const accounts = (await call(pharma, '/api/accounts?per_page=500')).body.rows;
    const parent = new Map(accounts.map((a) => [a.account_id, a.parent_id]));
    const under = (start, top) => {
      for (let at = start, steps = 0; at && steps < 100; at = parent.get(at), ++steps) if (at === top) return true;
      return false;
    };
    const top = (await call(pharma, '/api/accounts?level=0&sort=value&order=desc&per_page=1')).body.rows[0];
    const children = (await call(pharma, `/api/accounts?parent_id=${top.account_id}&per_page=500`)).body;
    for (const a of children.rows) assert.ok(under(a.parent_id, top.account_id), `${a.account_id} is not under ${top.account_id}`);
    const customers = (await call(pharma, `/api/customers?parent_id=${top.account_id}&per_page=500`)).body;
    assert.equal(customers.total, top.customers, `${top.account_id}: customers of the subtree`);
    for (const c of customers.rows) assert.ok(under(c.parent_id, top.account_id), `${c.customer_id} is not under ${top.account_id}`);
    const alerts = (await call(pharma, `/api/alerts?parent_id=${top.account_id}&per_page=500`)).body;
    const inSubtree = new Set(customers.rows.map((c) => c.customer_id));
    for (const a of alerts.rows) assert.ok(inSubtree.has(a.customer_id), `alert of ${a.customer_id} is not under ${top.account_id}`);
    assert.equal(alerts.rows.filter((a) => a.group === 'at_risk').length, top.alerts);
    assert.equal(alerts.rows.filter((a) => a.group === 'lost').length, top.lost);
    await call(pharma, '/api/alerts?parent_id=', { status: 400 });
    assert.equal((await call(pharma, '/api/customers?parent_id=NO-SUCH-ACCOUNT')).body.total, 0);
  });
});

describe('one customer, account and expert', () => {
  test('/api/customers/{id}', async () => {
    const row = (await call(pharma, '/api/customers?per_page=1')).body.rows[0];
    const { body } = await call(pharma, `/api/customers/${encodeURIComponent(row.customer_id)}`);
    assert.deepEqual(body.customer, row);
    assert.equal(body.observation_end, results.model.observation_end);
    const dates = body.alive_path.map((p) => p.date);
    assert.ok(dates.length >= body.history.length, 'alive_path: at least a point per purchase');
    assert.deepEqual([...dates].sort(), dates, 'alive_path in date order');
    assert.ok(dates.at(-1) <= body.observation_end, 'alive_path ends by the observation end');
    // A customer where experts work lists them.
    const expert = (await call(pharma, '/api/experts?sort=customer_id&order=desc&per_page=1')).body.rows[0];
    const atAccount = (await call(pharma, `/api/customers/${encodeURIComponent(expert.customer_id)}`)).body;
    assert.ok(atAccount.experts.some((e) => e.expert_id === expert.expert_id));
    const missing = await call(pharma, '/api/customers/NO-SUCH-CUSTOMER', { status: 404 });
    assert.equal(missing.body.error.kind, 'not_found');
    await call(pharma, `/api/customers/${encodeURIComponent(row.customer_id)}?x=1`, { status: 400 });
  });

  test('/api/accounts/{id}: the Account 360', async () => {
    const top = (await call(pharma, '/api/accounts?level=0&sort=value&order=desc&per_page=1')).body.rows[0];
    const { body } = await call(pharma, `/api/accounts/${encodeURIComponent(top.account_id)}`);
    assert.deepEqual(body.account, top);
    assert.deepEqual(body.path, []);
    assert.deepEqual(body.tiers.map((t) => t.tier), results.settings.tier_names);
    assert.equal(body.tiers.reduce((s, t) => s + t.customers, 0), top.customers);
    assert.equal(body.alerts.at_risk, top.alerts);
    assert.equal(body.alerts.lost, top.lost);
    assert.ok(body.experts !== null && body.plan !== null, 'the pharma sample has experts and a plan');
    // A child a level down has its parent on its path.
    const child = body.children.top.find((c) => c.kind === 'account') ?? body.children.top[0];
    const down = (await call(pharma, `/api/accounts/${encodeURIComponent(child.id)}`)).body;
    assert.equal(down.path.at(-1).account_id, top.account_id);
    // A buying customer without children is an account too.
    const leaf = (await call(pharma, `/api/customers?parent_id=${encodeURIComponent(top.account_id)}&per_page=1`)).body.rows[0];
    const own = (await call(pharma, `/api/accounts/${encodeURIComponent(leaf.customer_id)}`)).body;
    assert.ok(own.top_customers.some((c) => c.customer_id === leaf.customer_id), `${leaf.customer_id}: not in its own view`);
    const missing = await call(pharma, '/api/accounts/NO-SUCH-ACCOUNT', { status: 404 });
    assert.equal(missing.body.error.kind, 'not_found');
    await call(pharma, `/api/accounts/${encodeURIComponent(top.account_id)}?x=1`, { status: 400 });
    // results.json carries the views of the top parents, in the same shape (checked with Results)
    // and with the same counts as the server's.
    assert.ok(results.account_views.length > 0, 'results.json has no account_views');
    const view = results.account_views[0];
    const served = (await call(pharma, `/api/accounts/${encodeURIComponent(view.account.account_id)}`)).body;
    assert.deepEqual(served.path, view.path);
    assert.deepEqual(served.tiers.map((t) => t.customers), view.tiers.map((t) => t.customers));
    assert.equal(served.children.count, view.children.count);
    assert.equal(served.alerts.at_risk, view.alerts.at_risk);
    assert.equal(served.alerts.lost, view.alerts.lost);
  });

  test('/api/experts/{id}', async () => {
    const row = (await call(pharma, '/api/experts?per_page=1')).body.rows[0];
    const { body } = await call(pharma, `/api/experts/${encodeURIComponent(row.expert_id)}`);
    assert.deepEqual(body.expert, row);
    assert.ok(body.neighbours.length > 0);
    const missing = await call(pharma, '/api/experts/NO-SUCH-EXPERT', { status: 404 });
    assert.equal(missing.body.error.kind, 'not_found');
    await call(pharma, `/api/experts/${encodeURIComponent(row.expert_id)}?x=1`, { status: 400 });
  });
});

describe('a project without reps and experts', () => {
  test('has no plan and no experts (404), and its Account 360 says null', async () => {
    for (const target of ['/api/plan', '/api/experts', '/api/experts/E001']) {
      const { body } = await call(bare, target, { status: 404 });
      assert.equal(body.error.kind, 'not_found');
    }
    const top = (await call(bare, '/api/accounts?level=0&sort=value&order=desc&per_page=1')).body.rows[0];
    const { body } = await call(bare, `/api/accounts/${encodeURIComponent(top.account_id)}`);
    assert.equal(body.experts, null);
    assert.equal(body.plan, null);
    const results = (await call(bare, '/api/results')).body;
    assert.ok(!results.plan, 'a project without reps has no plan section');
  });
});

test('every documented status of every route was answered and checked', () => {
  const missing = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const status of Object.keys(item.get.responses)) {
      if (status !== 'default' && !exercised.has(`${route} ${status}`)) missing.push(`${route} ${status}`);
    }
  }
  assert.deepEqual(missing, []);
});
