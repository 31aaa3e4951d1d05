// Browser test of the report and the dashboard.
//   node test/browser.mjs --report PATH/report.html [--dashboard URL] [--token TOKEN] [--experts] --screenshots DIR
// Fails (exit 1) on any console error, page error or failed request, when a chart
// ([data-chart]) is not rendered within 15 s, or when an expected section is missing.
// In the dashboard it also changes a filter, pages the customers list and opens a
// customer's detail, and opens reps' work lists of the effort plan; the churn alerts' tabs (at
// risk, lost, new), a sort by a heading and the search give the rows the API gives; every list's
// CSV export answers CSV; a parent account opens its account 360 (its subtree, children, path,
// customers); a lost customer opened from a link (#customer=ID) has its chart's today line at the
// observation end, the next order and the P(alive) path; a copied link restores the filtered,
// sorted alerts. Saves report.png, plan.png, dashboard.png, rep-plan.png, customer.png,
// alerts.png, account.png and customer-chart.png into DIR (and failure-N.png at a failure).
// With --experts (the project has experts) the experts' section must show in both, and in the
// dashboard the expert list's filters, an expert's detail (scores, explanation, neighbours) and an
// account's experts must work; it saves experts.png and expert.png.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const reportPath = arg('report');
const dashboardUrl = arg('dashboard');
const token = arg('token');
const shots = arg('screenshots');
const expectExperts = process.argv.includes('--experts');
if (!reportPath || !shots) {
  console.error('usage: node test/browser.mjs --report PATH/report.html [--dashboard URL] [--token TOKEN] --screenshots DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const CHART_TIMEOUT = 15000;

/**
 * The texts of the views in the language of results.json's report.locale (German for de-*): the
 * report's headings and words are checked as the page shows them. English is the key itself.
 */
async function translator(results) {
  const locale = results.report?.locale || 'en-US';
  if (!/^de\b/i.test(locale)) return (key) => key;
  const i18n = await import('../src/common/i18n.js').catch((e) => fail(`the report is in ${locale}, but src/common/i18n.js cannot be loaded: ${e.message}`));
  i18n.setLocale({ locale });
  return (key, vars) => i18n.t(key, vars);
}
// The sample project plans (it has reps): the effort plan's section, charts and work lists are
// expected like the others.
const REPORT_SECTIONS = ['headline', 'alerts', 'key-accounts', 'accounts', 'concentration', 'tiers', 'clv', 'p-alive', 'model', 'plan', 'reference', 'notes', 'glossary'];
const REPORT_CHARTS = ['concentration', 'clv-distribution', 'p-alive', 'tracking', 'tracking-cumulative', 'plan-curve', 'plan-response'];
const DASHBOARD_SECTIONS = ['headline', 'alerts', 'key-accounts', 'customers', 'accounts', 'plan', 'rep-plan', 'concentration', 'tiers', 'clv', 'p-alive', 'model', 'glossary'];
const DASHBOARD_CHARTS = ['plan-curve', 'plan-response'];
if (expectExperts) {
  REPORT_SECTIONS.push('experts');
  REPORT_CHARTS.push('expert-criteria');
  DASHBOARD_SECTIONS.push('experts', 'experts-list');
  DASHBOARD_CHARTS.push('expert-criteria');
}

class TestFailure extends Error {}
const fail = (msg) => {
  throw new TestFailure(msg);
};

const seen = []; // every problem of every page, reported with any failure

/** Collects console errors, page errors and failed requests of a page. */
function watch(page, label) {
  const problems = seen;
  const state = { allow401: false };
  const isAuth = (text) => state.allow401 && /\b401\b|Unauthorized/i.test(text);
  page.on('console', (m) => {
    // The browser's own favicon request is not the page's doing.
    if (m.type() !== 'error' || isAuth(m.text()) || /favicon\.ico$/.test(m.location()?.url || '')) return;
    problems.push(`${label}: console error: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`${label}: page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!/favicon\.ico$/.test(r.url())) problems.push(`${label}: request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !/favicon\.ico$/.test(r.url()) && !(state.allow401 && r.status() === 401))
      problems.push(`${label}: HTTP ${r.status()} for ${r.url()}`);
  });
  return {
    state,
    check() {
      if (problems.length) fail(problems.join('\n'));
    },
  };
}

async function waitCharts(page, label) {
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((e) => e.getAttribute('data-rendered') === 'true'), null, {
      timeout: CHART_TIMEOUT,
    });
  } catch {
    const missing = await page.$$eval('[data-chart]:not([data-rendered="true"])', (els) => els.map((e) => e.dataset.chart));
    fail(`${label}: charts not rendered within ${CHART_TIMEOUT / 1000} s: ${missing.join(', ')}`);
  }
  return page.$$eval('[data-chart]', (els) => els.map((e) => e.dataset.chart));
}

async function sections(page) {
  return page.$$eval('[data-section]', (els) => els.map((e) => e.dataset.section));
}

function expectAll(label, what, have, want) {
  const missing = want.filter((x) => !have.includes(x));
  if (missing.length) fail(`${label}: missing ${what}: ${missing.join(', ')} (have: ${have.join(', ')})`);
}

async function testReport(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const w = watch(page, 'report');
  // The report must open offline: any request that is not the file itself fails the test.
  await page.route(/^(?!file:).*/, (route) => {
    w.state.offline = true;
    route.abort();
  });
  await page.goto(pathToFileURL(resolve(reportPath)).href, { waitUntil: 'load' });
  await page.waitForSelector('[data-section]', { timeout: CHART_TIMEOUT }).catch(() => fail('report: no section was rendered'));
  const charts = await waitCharts(page, 'report');
  const results = await page.evaluate(() => JSON.parse(document.getElementById('winnow-results').textContent));
  const have = await sections(page);
  expectAll('report', 'sections', have, [...REPORT_SECTIONS, ...(results.evaluation ? ['evaluation'] : []), ...(results.account_views?.length ? ['account-360'] : [])]);
  expectAll('report', 'charts', charts, REPORT_CHARTS);
  const tables = await page.$$eval('[data-table]', (els) => els.map((e) => [e.dataset.table, e.querySelectorAll('.tabulator-row').length]));
  const empty = tables.filter(([, n]) => n === 0);
  if (empty.length) fail(`report: empty tables: ${empty.map(([t]) => t).join(', ')}`);
  // Headings follow from the declaration results.json carries: each a declared label of its
  // file, with the column's meaning as its tooltip.
  const tr = await translator(results);
  const declared = (file) => Object.fromEntries((results.columns?.[file] || []).map((c) => [c.name, { ...c, label: tr(c.label), meaning: tr(c.meaning) }]));
  // (a table's columns from the first of its files that declares them; the plan's rep table shows
  // the reps of results.json, which no file declares)
  const TABLE_FILES = {
    'top-customers': ['customers.csv'],
    'key-accounts': ['customers.csv'],
    alerts: ['alerts.csv'],
    'alerts-lost': ['alerts.csv'],
    'alerts-new': ['alerts.csv'],
    'top-parents': ['accounts.csv'],
    'top-upside': ['accounts.csv'],
    reference: ['reference_customers.csv'],
    'plan-served-less': ['plan.csv', 'rep_plans/REP.csv'],
    'plan-served-more': ['plan.csv', 'rep_plans/REP.csv'],
    'experts-top': ['experts.csv'],
  };
  const UNDECLARED_TABLES = ['plan-reps'];
  const headings = await page.$$eval('[data-table] .tabulator-col[tabulator-field]', (els) =>
    els.map((e) => [e.closest('[data-table]').dataset.table, e.getAttribute('tabulator-field'), e.querySelector('.tabulator-col-title')?.textContent, e.querySelector('.tabulator-col-title')?.title]),
  );
  if (!headings.length) fail('report: no table headings');
  for (const [table, field, text, tip] of headings) {
    if (UNDECLARED_TABLES.includes(table)) continue;
    if (!TABLE_FILES[table]) fail(`report: table ${table} has no declared file in this test`);
    const c = TABLE_FILES[table].map((file) => declared(file)[field]).find(Boolean);
    if (!c) fail(`report: table ${table} shows ${field}, which ${TABLE_FILES[table].join(' or ')} do not declare`);
    // (a tooltip may add a line naming the glossary entry that explains the column)
    if (text !== c.label || !(tip === c.meaning || tip?.startsWith(`${c.meaning}\n`))) fail(`report: table ${table}, column ${field}: heading "${text}" (tooltip "${tip}"), declared "${c.label}" ("${c.meaning}")`);
  }
  // Model names with their titles from the registry (results.json: model.titles).
  const chosen = results.model?.chosen;
  const title = results.model?.titles?.[chosen];
  if (!title) fail(`report: results.json has no title for the model ${chosen}`);
  const modelText = await page.$eval('[data-section="model"]', (el) => el.textContent);
  if (!modelText.includes(`${title} [${chosen}]`)) fail(`report: the model section does not name the model as "${title} [${chosen}]"`);
  // The alerts table is searchable: typing a customer id must narrow it down.
  const firstId = results.alerts?.top?.[0]?.customer_id;
  if (firstId) {
    const input = page.locator('[data-section="alerts"] input.table-search');
    await input.fill(firstId);
    await page.waitForFunction(
      (id) => {
        const rows = [...document.querySelectorAll('[data-table="alerts"] .tabulator-row')];
        return rows.length >= 1 && rows.every((r) => r.textContent.includes(id));
      },
      firstId,
      { timeout: 5000 },
    );
    await input.fill('');
  }
  await checkReportPlan(page, results, tr);
  if (expectExperts) await checkReportExperts(page, results);
  if (w.state.offline) fail('report: the page tried to load something from the network');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
  w.check();
  const rows = tables.reduce((s, [, n]) => s + n, 0);
  console.log(`report: ${have.length} sections, ${charts.length}/${charts.length} charts rendered, ${tables.length} tables (${rows} rows shown)`);
  await page.close();
}

/** The experts' section of the report: the tiers, the rising stars, the top table with its explanations. */
async function checkReportExperts(page, results) {
  const e = results.experts;
  if (!e) fail('report: results.json has no experts section (the sample project has experts)');
  const section = page.locator('[data-section="experts"]');
  const text = await section.textContent();
  for (const t of e.tiers || []) {
    if (!text.includes(t.tier)) fail(`report: the experts section does not list the tier ${t.tier}`);
  }
  const rising = await section.locator('[data-rising-stars]').getAttribute('data-rising-stars');
  if (rising !== String(e.rising_stars)) fail(`report: the experts section shows ${rising} rising stars, results.json ${e.rising_stars}`);
  const top = e.top || [];
  if (!top.length) fail('report: results.json experts.top is empty');
  const rows = await page.locator('[data-table="experts-top"] .tabulator-row').count();
  if (rows !== Math.min(top.length, 15)) fail(`report: the experts table shows ${rows} rows for ${top.length} experts`);
  const first = await page.$$eval('[data-table="experts-top"] .tabulator-row:first-child .tabulator-cell[tabulator-field]', (tds) =>
    Object.fromEntries(tds.map((td) => [td.getAttribute('tabulator-field'), td.textContent.trim()])),
  );
  if (first.expert_id !== top[0].expert_id) fail(`report: the experts table starts with ${first.expert_id}, results.json with ${top[0].expert_id}`);
  if (!top[0].explanation || first.explanation !== top[0].explanation) fail(`report: the first expert's explanation is "${first.explanation}", results.json "${top[0].explanation}"`);
  for (const k of ['trials', 'publications', 'talks', 'committees', 'congress', 'multiplier', 'total_score', 'tier']) {
    if (!(k in first)) fail(`report: the experts table has no column ${k}`);
  }
  await section.screenshot({ path: join(shots, 'experts.png') });
}

/** The effort plan's section of the report: the comparison, the truth, the response's source, the reps. */
async function checkReportPlan(page, results, tr) {
  const plan = results.plan;
  if (!plan) fail('report: results.json has no plan section (the sample project has reps)');
  const section = page.locator('[data-section="plan"]');
  const text = await section.textContent();
  const labels = (await section.locator('table.simple').first().locator('tbody th').allTextContents()).map((t) => t.trim());
  for (const label of ['Even spread', 'Today', 'Plan'].map((x) => tr(x))) {
    if (!labels.includes(label)) fail(`report: the plan's comparison has no row "${label}" (rows: ${labels.join(', ')})`);
  }
  const verdict = await section.locator('[data-verdict="expected"]').textContent().catch(() => null);
  if (!verdict || !verdict.includes(tr('against the even spread'))) fail(`report: the plan's verdict against the even spread is missing ("${verdict}")`);
  if (!plan.truth) fail('report: results.json has no plan.truth (the sample project knows the truth)');
  if (!(await section.locator('[data-verdict="truth"]').count())) fail('report: the plan section does not say how the plan does against the truth');
  if (!text.includes(tr('True gain'))) fail(`report: the plan comparison has no ${tr('True gain')} column`);
  const why = plan.response?.why;
  if (!why || !text.includes(why)) fail(`report: the plan section does not give the response's source and why ("${why}")`);
  const repRows = await page.locator('[data-table="plan-reps"] .tabulator-row').count();
  const reps = (plan.reps || []).length;
  if (!reps || repRows !== Math.min(reps, 15)) fail(`report: the plan's rep table shows ${repRows} rows for ${reps} reps`);
  await section.screenshot({ path: join(shots, 'plan.png') });
}

const customerRows = (page) =>
  page.$$eval('[data-table="customers"] .tabulator-row', (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('.tabulator-cell[tabulator-field]')].map((td) => [td.getAttribute('tabulator-field'), td.textContent.trim()]))),
  );

/**
 * Clicks a table's row and waits for what the click does (wait(timeout) → a promise): a click that
 * lands while Tabulator redraws the table (it does on a resize; the test machine is shared and
 * busy) is lost, so a row that did nothing after 3 s is clicked once more, and that click must work.
 * A row click is idempotent (it opens the same panel or list again).
 */
async function clickRow(locator, wait) {
  await locator.click();
  if (await wait(3000).then(() => true, () => false)) return;
  await locator.click();
  await wait(CHART_TIMEOUT);
}

async function testDashboard(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const w = watch(page, 'dashboard');
  if (token) w.state.allow401 = true;
  await page.goto(dashboardUrl, { waitUntil: 'load' });
  if (token) {
    // Without a token the API answers 401 and the page asks for one.
    const input = page.locator('#token-input');
    await input.waitFor({ state: 'visible', timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: no token field after a 401'));
    await input.fill(token);
    await input.press('Enter');
    await page.waitForSelector('#token-form', { state: 'hidden', timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: the token was not accepted'));
    w.state.allow401 = false;
    const stored = await page.evaluate(() => sessionStorage.getItem('winnow-token'));
    if (stored !== token) fail('dashboard: the token is not kept in sessionStorage');
  }
  await page.waitForSelector('[data-section="customers"] [data-table="customers"] .tabulator-row', { timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: no customer rows'));
  await page.waitForSelector('[data-table="alerts"] .tabulator-row', { timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: no alert rows'));
  await page.waitForSelector('[data-table="accounts"] .tabulator-row', { timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: no account rows'));
  const charts = await waitCharts(page, 'dashboard');
  expectAll('dashboard', 'sections', await sections(page), DASHBOARD_SECTIONS);
  const host = page.locator('[data-table="customers"]');
  const total0 = Number(await host.getAttribute('data-total'));
  const rows0 = await customerRows(page);
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  // 1. A filter: the last tier (the first page of all customers is the first tier).
  const tier = await page.$eval('[data-section="customers"] select[name="tier"]', (s) => [...s.options].map((o) => o.value).filter(Boolean).at(-1));
  const loads = Number(await host.getAttribute('data-loads'));
  await page.selectOption('[data-section="customers"] select[name="tier"]', tier);
  await page
    .waitForFunction(
      ([t, n]) => {
        const host = document.querySelector('[data-table="customers"]');
        const tds = [...host.querySelectorAll('.tabulator-cell[tabulator-field="tier"]')];
        return Number(host.dataset.loads) > n && tds.length > 0 && tds.every((td) => td.textContent.trim() === t);
      },
      [tier, loads],
      { timeout: CHART_TIMEOUT },
    )
    .catch(() => fail(`dashboard: the tier filter (${tier}) did not update the customers list`));
  const total1 = Number(await host.getAttribute('data-total'));
  if (!(total1 > 0 && total1 < total0)) fail(`dashboard: tier ${tier} gives ${total1} of ${total0} customers`);

  // 2. The next page.
  const rows1 = await customerRows(page);
  if (total1 > rows1.length) {
    await page.locator('[data-table="customers"] .tabulator-page[data-page="next"]').click();
    await page
      .waitForFunction(
        (first) => {
          const host = document.querySelector('[data-table="customers"]');
          const td = host.querySelector('.tabulator-cell[tabulator-field="customer_id"]');
          return host.dataset.page === '2' && td && td.textContent.trim() !== first;
        },
        rows1[0].customer_id,
        { timeout: CHART_TIMEOUT },
      )
      .catch(() => fail('dashboard: paging the customers list did not show page 2'));
  }
  const rows2 = await customerRows(page);

  // 3. A customer's detail.
  const id = rows2[0].customer_id;
  await clickRow(page.locator('[data-table="customers"] .tabulator-cell[tabulator-field="customer_id"]').first(), (timeout) =>
    page.waitForSelector(`#customer-detail[data-state="loaded"][data-customer-id="${id}"]`, { timeout }),
  ).catch(() => fail(`dashboard: the detail of customer ${id} did not open`));
  await waitCharts(page, 'customer detail');
  const detail = await page.$eval('#customer-detail', (el) => ({
    name: el.querySelector('h2')?.textContent,
    reasons: el.querySelectorAll('[data-reason]').length,
    history: el.querySelector('[data-chart="history"]') ? 1 : 0,
    purchases: el.dataset.purchases,
  }));
  if (!detail.reasons) fail(`dashboard: the detail of ${id} shows no reasons`);
  if (!detail.history) fail(`dashboard: the detail of ${id} has no history chart`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 'customer.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#customer-detail', { state: 'hidden', timeout: 5000 }).catch(() => fail('dashboard: Escape did not close the detail'));
  expectAll('dashboard', 'charts', charts, DASHBOARD_CHARTS);
  const work = await testRepPlan(page);
  const experts = expectExperts ? await testExperts(page) : 'no experts expected';
  const exports = await testExports(page);
  const alerts = await testAlerts(page);
  const account = await testAccount(page);
  const chart = await testCustomerChart(page);
  const link = await testSharedLink(page, alerts.link, alerts.ids);
  w.check();
  console.log(
    `dashboard: ${charts.length}/${charts.length} charts rendered, customers ${rows0.length} rows shown of ${total0}; ` +
      `tier ${tier}: ${total1}; page 2: ${rows2.length} rows; customer ${id} (${detail.name}): ${detail.purchases} purchases, ${detail.reasons} reasons` +
      (token ? '; token accepted' : '') +
      `; ${work}; ${experts}`,
  );
  console.log(`dashboard: ${alerts.text}; ${exports}`);
  console.log(`dashboard: ${account}`);
  console.log(`dashboard: ${chart}; ${link}`);
  await page.close();
}

/** The same request as text, with its content type (for the CSV exports). */
const apiText = (page, path) =>
  page.evaluate(async (p) => {
    const t = sessionStorage.getItem('winnow-token');
    const r = await fetch(p, { headers: t ? { Authorization: `Bearer ${t}` } : {} });
    return { status: r.status, type: r.headers.get('content-type') || '', disposition: r.headers.get('content-disposition') || '', text: await r.text() };
  }, path);

/** The values of a field in a table's shown rows. */
const shownField = (page, table, field) =>
  page.$$eval(`[data-table="${table}"] .tabulator-cell[tabulator-field="${field}"]`, (tds) => tds.map((td) => td.textContent.trim()));

/** Waits until a server table has loaded more than `loads` times, then a little for the rows to show. */
async function waitLoads(page, table, loads, what) {
  await page
    .waitForFunction(([t, n]) => Number(document.querySelector(`[data-table="${t}"]`)?.dataset.loads) > n, [table, loads], { timeout: CHART_TIMEOUT })
    .catch(() => fail(`dashboard: ${what} did not reload the ${table} list`));
  await page.waitForTimeout(150);
}
const loadsOf = async (page, table) => Number(await page.locator(`[data-table="${table}"]`).getAttribute('data-loads'));

/** The rows shown must be the first page the API gives for the same query. */
async function expectRowsAs(page, table, path, per, what) {
  const api = await apiGet(page, `${path}${path.includes('?') ? '&' : '?'}page=1&per_page=${per}`);
  if (api.status !== 200) fail(`dashboard: ${path} answered ${api.status}: ${JSON.stringify(api.body)}`);
  const want = api.body.rows.map((r) => r.customer_id);
  const have = await shownField(page, table, 'customer_id');
  if (have.join() !== want.join()) fail(`dashboard: ${what}: the list shows ${have.slice(0, 5).join(', ')}… (${have.length}), ${path} gives ${want.slice(0, 5).join(', ')}… (${want.length})`);
  return api.body;
}

/**
 * The churn alerts: at risk by default, lost and new since the previous run as tabs, each as
 * /api/alerts lists it; a click on a heading sorts on the server; the search box searches; the CSV
 * export is the same query as CSV; "copy link" gives a link to the filtered, sorted list.
 */
async function testAlerts(page) {
  const results = (await apiGet(page, 'api/results')).body;
  const section = page.locator('[data-section="alerts"]');
  await section.scrollIntoViewIfNeeded();
  const tab = async () => page.$eval('[data-section="alerts"] [role="tab"][aria-selected="true"]', (b) => b.dataset.tab);
  if ((await tab()) !== 'at_risk') fail(`dashboard: the alerts open on the tab ${await tab()}, not at risk`);
  const atRisk = await expectRowsAs(page, 'alerts', 'api/alerts?group=at_risk', 15, 'the at-risk alerts');
  if (atRisk.total !== results.alerts.at_risk) fail(`dashboard: /api/alerts?group=at_risk has ${atRisk.total} rows, results.json alerts.at_risk ${results.alerts.at_risk}`);
  if (atRisk.rows.some((r) => r.group !== 'at_risk')) fail('dashboard: /api/alerts?group=at_risk lists other groups');
  // A tab shows its own columns: the table is built anew and loads its first page.
  async function choose(id) {
    await page.$eval('[data-table="alerts"]', (el) => (el.dataset.old = '1'));
    await section.locator(`[role="tab"][data-tab="${id}"]`).click();
    await page
      .waitForFunction(() => {
        const el = document.querySelector('[data-table="alerts"]');
        return el && !el.dataset.old && Number(el.dataset.loads) > 0;
      }, null, { timeout: CHART_TIMEOUT })
      .catch(() => fail(`dashboard: the alerts' tab ${id} did not load`));
    await page.waitForTimeout(150);
  }
  // Lost: the win-back candidates.
  await choose('lost');
  if ((await tab()) !== 'lost') fail('dashboard: the lost tab is not selected after a click');
  const lost = await expectRowsAs(page, 'alerts', 'api/alerts?group=lost', 15, 'the lost alerts');
  if (lost.total !== results.alerts.lost) fail(`dashboard: /api/alerts?group=lost has ${lost.total} rows, results.json alerts.lost ${results.alerts.lost}`);
  if (!lost.total) fail('dashboard: the sample project has no lost customers');
  if (!/^#alerts\?group=lost$/.test(await page.evaluate(() => location.hash))) fail(`dashboard: the hash after the lost tab is ${await page.evaluate(() => location.hash)}`);
  // New since the previous run (both groups).
  await choose('new');
  const fresh = await expectRowsAs(page, 'alerts', 'api/alerts?new=1', 15, 'the new alerts');
  if (fresh.total !== results.alerts.new) fail(`dashboard: /api/alerts?new=1 has ${fresh.total} rows, results.json alerts.new ${results.alerts.new}`);
  // Back to lost, sorted by days since the last purchase (a click on the heading; the server sorts).
  await choose('lost');
  let loads = await loadsOf(page, 'alerts');
  await section.locator('.tabulator-col[tabulator-field="days_since_last"] .tabulator-col-title').click();
  await waitLoads(page, 'alerts', loads, 'a click on the heading "days since"');
  const sort = await page.locator('[data-table="alerts"]').getAttribute('data-sort');
  const [field, order] = sort.split(':');
  if (field !== 'days_since_last' || !['asc', 'desc'].includes(order)) fail(`dashboard: the alerts are sorted by "${sort}" after a click on days since`);
  const sorted = await expectRowsAs(page, 'alerts', `api/alerts?group=lost&sort=days_since_last&order=${order}`, 15, 'the lost alerts sorted by days since');
  const days = sorted.rows.map((r) => r.days_since_last);
  if (days.some((v, i) => i > 0 && (order === 'asc' ? v < days[i - 1] : v > days[i - 1]))) fail(`dashboard: /api/alerts?sort=days_since_last&order=${order} is not sorted`);
  if (sorted.rows.map((r) => r.customer_id).join() === lost.rows.map((r) => r.customer_id).join() && lost.total > 1) fail('dashboard: sorting by days since did not change the lost alerts');
  // A search: a word of a lost customer's name.
  const word = (sorted.rows.find((r) => /[A-Za-zÄÖÜäöüß]{4,}/.test(r.name || ''))?.name || '').match(/[A-Za-zÄÖÜäöüß]{4,}/)?.[0];
  if (!word) fail('dashboard: no lost customer has a name to search for');
  const q = word.slice(0, 5).toLowerCase();
  loads = await loadsOf(page, 'alerts');
  await section.locator('input[name="q"]').fill(q);
  await waitLoads(page, 'alerts', loads, 'the search box');
  const path = `api/alerts?group=lost&q=${encodeURIComponent(q)}&sort=days_since_last&order=${order}`;
  const found = await expectRowsAs(page, 'alerts', path, 15, `the lost alerts searched for "${q}"`);
  if (!found.total || found.total >= lost.total + 1 || found.rows.some((r) => !`${r.customer_id} ${r.name}`.toLowerCase().includes(q))) fail(`dashboard: searching the lost alerts for "${q}" gives ${found.total} rows`);
  // The CSV export: the same query, the whole list.
  const href = await section.locator('a[data-csv="alerts"]').getAttribute('href');
  const params = new URL(href, 'http://x/').searchParams;
  for (const [k, v] of [['group', 'lost'], ['q', q], ['sort', 'days_since_last'], ['order', order], ['format', 'csv']]) {
    if (params.get(k) !== v) fail(`dashboard: the alerts' CSV link ${href} has ${k}=${params.get(k)}, expected ${v}`);
  }
  const csv = await apiText(page, href);
  const lines = csv.text.trim().split(/\r?\n/);
  const header = (results.columns['alerts.csv'] || []).map((c) => c.name).join(',');
  if (csv.status !== 200 || !/^text\/csv/.test(csv.type) || lines[0] !== header || lines.length !== found.total + 1) {
    fail(`dashboard: ${href} answered ${csv.status} ${csv.type} with ${lines.length} lines (expected the header ${header} and ${found.total} rows)`);
  }
  if (!lines[1].includes(found.rows[0].customer_id)) fail(`dashboard: the CSV export does not start with ${found.rows[0].customer_id}: ${lines[1]}`);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: CHART_TIMEOUT }), section.locator('a[data-csv="alerts"]').click()]);
  if (download.suggestedFilename() !== 'alerts.csv') fail(`dashboard: the alerts' export downloads ${download.suggestedFilename()}`);
  const saved = join(shots, 'alerts-export.csv');
  await download.saveAs(saved);
  const savedText = readFileSync(saved, 'utf8');
  if (savedText !== csv.text) fail('dashboard: the downloaded alerts.csv differs from the CSV of the export link');
  // The link to this view.
  const hash = await page.evaluate(() => location.hash);
  for (const part of ['group=lost', `q=${encodeURIComponent(q)}`, 'sort=days_since_last', `order=${order}`]) {
    if (!hash.startsWith('#alerts?') || !hash.includes(part)) fail(`dashboard: the hash ${hash} does not hold ${part}`);
  }
  const copy = section.locator('[data-copy-link]');
  await copy.click();
  await page.waitForFunction(() => document.querySelector('[data-section="alerts"] [data-copy-link]')?.dataset.link, null, { timeout: 5000 });
  const link = await copy.getAttribute('data-link');
  if (!link.endsWith(hash)) fail(`dashboard: "copy link" gives ${link}, the page's hash is ${hash}`);
  await section.screenshot({ path: join(shots, 'alerts.png') });
  return {
    link,
    ids: found.rows.map((r) => r.customer_id),
    text: `alerts: ${atRisk.total} at risk, ${lost.total} lost, ${fresh.total} new; lost sorted by days since (${order}); "${q}": ${found.total}; CSV ${lines.length - 1} rows`,
  };
}

/** Every list of the dashboard has a CSV export of its query (format=csv) that answers CSV with the list's columns. */
async function testExports(page) {
  const results = (await apiGet(page, 'api/results')).body;
  const FILES = { customers: 'customers.csv', alerts: 'alerts.csv', accounts: 'accounts.csv', plan: 'plan.csv', reference_customers: 'reference_customers.csv' };
  if (expectExperts) FILES.experts = 'experts.csv';
  const done = [];
  for (const [list, file] of Object.entries(FILES)) {
    const href = await page.locator(`a[data-csv="${list}"]`).first().getAttribute('href').catch(() => null);
    if (!href) fail(`dashboard: the ${list} list has no CSV export`);
    if (new URL(href, 'http://x/').searchParams.get('format') !== 'csv') fail(`dashboard: the ${list} export ${href} does not ask for format=csv`);
    const csv = await apiText(page, href);
    const header = (results.columns[file] || []).map((c) => c.name).join(',');
    if (csv.status !== 200 || !/^text\/csv/.test(csv.type) || csv.text.split(/\r?\n/)[0] !== header) fail(`dashboard: ${href} answered ${csv.status} ${csv.type}: ${csv.text.slice(0, 200)}`);
    if (!/attachment/.test(csv.disposition)) fail(`dashboard: ${href} is not an attachment (${csv.disposition})`);
    done.push(`${list} ${csv.text.trim().split(/\r?\n/).length - 1}`);
  }
  return `CSV exports: ${done.join(', ')}`;
}

/**
 * The account 360: a parent account from the accounts list opens its panel (no 404, no error):
 * its subtree holds more customers than it has direct children, the panel lists the children,
 * tiers and alerts of /api/accounts/{id}, a child account opens with the path back, a customer
 * opens from the top customers and the customer's parent link opens the account again.
 */
async function testAccount(page) {
  await page.locator('[data-section="accounts"]').scrollIntoViewIfNeeded();
  const rows = await page.$$eval('[data-table="accounts"] .tabulator-row', (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('.tabulator-cell[tabulator-field]')].map((td) => [td.getAttribute('tabulator-field'), td.textContent.trim()]))),
  );
  // The first account with accounts under it (the list is by value: a purchasing group or chain).
  let id = null;
  let view = null;
  for (const r of rows) {
    const res = await apiGet(page, `api/accounts/${encodeURIComponent(r.account_id)}`);
    if (res.status !== 200) fail(`dashboard: /api/accounts/${r.account_id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if ((res.body.children?.top || []).some((c) => c.kind === 'account')) {
      id = r.account_id;
      view = res.body;
      break;
    }
  }
  if (!id) fail('dashboard: no account on the first page of the accounts list has accounts under it');
  const index = rows.findIndex((r) => r.account_id === id);
  await clickRow(page.locator('[data-table="accounts"] .tabulator-cell[tabulator-field="account_id"]').nth(index), (timeout) =>
    page.waitForSelector(`#customer-detail[data-state="loaded"][data-account-id="${id}"]`, { timeout }),
  ).catch(async () => {
    const text = await page.$eval('#customer-detail', (el) => el.textContent.slice(0, 300));
    fail(`dashboard: the account ${id} did not open (${text})`);
  });
  await waitCharts(page, `account ${id}`);
  if (await page.locator('#customer-detail .error').count()) fail(`dashboard: the account ${id} shows an error`);
  const raw = (await page.locator('#customer-detail').textContent()).match(/\b(null|undefined|NaN|\[object Object\])\b/);
  if (raw) fail(`dashboard: the account ${id} shows "${raw[1]}"`);
  if ((await page.evaluate(() => location.hash)) !== `#account=${encodeURIComponent(id)}`) fail(`dashboard: the hash of the open account is ${await page.evaluate(() => location.hash)}`);
  const subtree = view.tiers.reduce((s, t) => s + t.customers, 0);
  const shown = await page.$eval('#customer-detail', (el) => ({
    subtree: Number(el.dataset.subtreeCustomers),
    children: el.querySelectorAll('tr.account-child').length,
    tiers: el.querySelectorAll('tr.account-tier').length,
    alerts: el.querySelectorAll('tr.account-alert').length,
    chart: !!el.querySelector('[data-chart="account-history"]'),
    title: el.querySelector('h2')?.textContent,
  }));
  if (!(subtree > view.children.count)) fail(`dashboard: the account ${id} has ${subtree} customers in its subtree and ${view.children.count} direct children`);
  if (shown.subtree !== subtree || subtree !== view.account.customers) fail(`dashboard: the account ${id} shows ${shown.subtree} customers, its tiers hold ${subtree}, accounts.csv ${view.account.customers}`);
  if (shown.children !== view.children.top.length || shown.tiers !== view.tiers.length || shown.alerts !== view.alerts.top.length || !shown.chart) {
    fail(`dashboard: the account ${id} shows ${shown.children} children, ${shown.tiers} tiers, ${shown.alerts} alerts, chart ${shown.chart}; the API ${view.children.top.length}, ${view.tiers.length}, ${view.alerts.top.length}`);
  }
  if (view.history.months.length !== 24) fail(`dashboard: /api/accounts/${id} has ${view.history.months.length} months of history, not 24`);
  // parent_id matches the whole subtree.
  const under = await apiGet(page, `api/customers?parent_id=${encodeURIComponent(id)}&per_page=1`);
  if (under.body.total !== subtree) fail(`dashboard: /api/customers?parent_id=${id} gives ${under.body.total} customers, the subtree holds ${subtree}`);
  await page.screenshot({ path: join(shots, 'account.png') });
  // A child account: its path leads back.
  const child = view.children.top.find((c) => c.kind === 'account');
  await page.locator(`#customer-detail tr.account-child [data-open-account="${child.id}"]`).click();
  await page.waitForSelector(`#customer-detail[data-state="loaded"][data-account-id="${child.id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the child account ${child.id} did not open`));
  const crumb = page.locator(`#customer-detail .crumbs [data-open-account="${id}"]`);
  if (!(await crumb.count())) fail(`dashboard: the path of ${child.id} does not lead back to ${id}`);
  await crumb.click();
  await page.waitForSelector(`#customer-detail[data-state="loaded"][data-account-id="${id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the path did not lead back to ${id}`));
  // A top customer opens the customer; its parent link opens an account.
  const top = view.top_customers[0];
  await page.locator(`#customer-detail tr.account-top-customer [data-open-customer="${top.customer_id}"]`).click();
  await page.waitForSelector(`#customer-detail[data-state="loaded"][data-customer-id="${top.customer_id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the top customer ${top.customer_id} of ${id} did not open`));
  const customer = (await apiGet(page, `api/customers/${encodeURIComponent(top.customer_id)}`)).body.customer;
  if (customer.parent_id) {
    await page.locator(`#customer-detail [data-open-account="${customer.parent_id}"]`).first().click();
    await page.waitForSelector(`#customer-detail[data-state="loaded"][data-account-id="${customer.parent_id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the parent ${customer.parent_id} of ${top.customer_id} did not open`));
  }
  // The account's customers as a list: the whole subtree.
  await page.locator(`#customer-detail [data-open-account]`).first().waitFor({ state: 'attached' }).catch(() => {});
  await page.evaluate((a) => (location.hash = `#account=${encodeURIComponent(a)}`), id);
  await page.waitForSelector(`#customer-detail[data-state="loaded"][data-account-id="${id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: #account=${id} did not open the account`));
  await page.locator('#customer-detail [data-list-link="customers"]').click();
  await page
    .waitForFunction((n) => document.querySelector('[data-table="customers"]')?.dataset.total === String(n), subtree, { timeout: CHART_TIMEOUT })
    .catch(() => fail(`dashboard: the customers under ${id} are not listed (${subtree} expected)`));
  if ((await page.evaluate(() => location.hash)) !== `#customers?parent_id=${encodeURIComponent(id)}`) fail(`dashboard: the hash of the customers under ${id} is ${await page.evaluate(() => location.hash)}`);
  if (await page.locator('#customer-detail').isVisible()) fail('dashboard: the panel stays open over the list of the account\'s customers');
  return `account ${id} (${shown.title}): ${subtree} customers in its subtree, ${view.children.count} directly under it, ${view.alerts.at_risk} at risk, ${view.alerts.lost} lost; child ${child.id} and back; customer ${top.customer_id}${customer.parent_id ? ` and its parent ${customer.parent_id}` : ''}`;
}

/**
 * The customer chart of a lost customer, opened from a link (#customer=ID): the time axis runs to
 * the observation end with the "today" line there (past the last purchase), the expected next
 * order is marked, and the P(alive) path is drawn on a second axis from 0 to 1.
 */
async function testCustomerChart(page) {
  const results = (await apiGet(page, 'api/results')).body;
  const end = results.model?.observation_end;
  const lost = (await apiGet(page, 'api/alerts?group=lost&per_page=1')).body.rows[0];
  if (!lost) fail('dashboard: no lost customer to chart');
  const id = lost.customer_id;
  const res = (await apiGet(page, `api/customers/${encodeURIComponent(id)}`)).body;
  if (res.observation_end !== end) fail(`dashboard: /api/customers/${id} has observation_end ${res.observation_end}, results.json ${end}`);
  if (!res.next_order || !(res.alive_path || []).length) fail(`dashboard: /api/customers/${id} has no next_order or alive_path`);
  const ps = res.alive_path.map((p) => p.p_alive);
  if (ps.some((p) => !(p >= 0 && p <= 1))) fail(`dashboard: /api/customers/${id} has a P(alive) outside 0-1`);
  if (res.alive_path.at(-1).date !== end) fail(`dashboard: the P(alive) path of ${id} ends on ${res.alive_path.at(-1).date}, not the observation end ${end}`);
  await page.goto('about:blank');
  await page.goto(`${dashboardUrl}#customer=${encodeURIComponent(id)}`, { waitUntil: 'load' });
  await page.waitForSelector(`#customer-detail[data-state="loaded"][data-customer-id="${id}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the link #customer=${id} did not open the customer`));
  await waitCharts(page, `customer ${id}`);
  const last = res.history.at(-1).date;
  const chart = await page.$eval('#customer-detail [data-chart="history"]', (el, [endDate, lastDate, next]) => {
    const c = el.echarts;
    const o = c.getOption();
    const x = (d) => c.convertToPixel({ xAxisIndex: 0 }, d);
    const grid = c.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const marks = (o.series[0].markLine?.data || []).map((m) => ({ name: m.name, x: m.xAxis, label: m.label?.formatter }));
    const alive = o.series.find((s) => s.yAxisIndex === 1);
    const texts = [...el.querySelectorAll('svg text')].map((t) => t.textContent);
    return {
      max: o.xAxis[0].max,
      marks,
      today: x(endDate),
      lastPurchase: x(lastDate),
      nextOrder: x(next),
      right: grid.x + grid.width,
      alivePoints: alive?.data.length ?? 0,
      aliveAxis: [o.yAxis[1].min, o.yAxis[1].max],
      texts,
    };
  }, [end, last, res.next_order]);
  const today = chart.marks.find((m) => m.name === 'today');
  const next = chart.marks.find((m) => m.name === 'next-order');
  if (!today || today.x !== end) fail(`dashboard: the chart of ${id} has no today line at the observation end ${end} (${JSON.stringify(chart.marks)})`);
  if (!next || next.x !== res.next_order) fail(`dashboard: the chart of ${id} does not mark the next order ${res.next_order}`);
  const axisEnd = [end, res.next_order].sort().at(-1);
  if (chart.max !== axisEnd) fail(`dashboard: the time axis of ${id} ends at ${chart.max}, not ${axisEnd}`);
  if (!(chart.today > chart.lastPurchase + 5)) fail(`dashboard: the today line of ${id} (x ${chart.today}) is not after the last purchase ${last} (x ${chart.lastPurchase})`);
  if (axisEnd === end && Math.abs(chart.today - chart.right) > 1) fail(`dashboard: the today line of ${id} is at x ${chart.today}, the axis ends at ${chart.right}`);
  if (!chart.texts.includes(today.label) || !chart.texts.includes(next.label)) fail(`dashboard: the chart of ${id} does not show the labels "${today.label}" and "${next.label}"`);
  if (chart.alivePoints !== res.alive_path.length || chart.aliveAxis[0] !== 0 || chart.aliveAxis[1] !== 1) fail(`dashboard: the chart of ${id} draws ${chart.alivePoints} of ${res.alive_path.length} P(alive) points on an axis ${chart.aliveAxis}`);
  // The alert's facts: a lost customer shows its win-back value, not a value to save.
  await page.waitForSelector('#customer-detail [data-alert-facts="lost"]', { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the customer ${id} does not show its alert`));
  const facts = await page.$$eval('#customer-detail [data-alert-facts] [data-fact]', (els) => els.map((el) => el.dataset.fact));
  if (!facts.includes('win_back_value') || facts.includes('value_at_risk') || !facts.includes('group')) fail(`dashboard: the alert of the lost customer ${id} shows ${facts.join(', ')}`);
  const raw = (await page.locator('#customer-detail').textContent()).match(/\b(null|undefined|NaN|\[object Object\])\b/);
  if (raw) fail(`dashboard: the customer ${id} shows "${raw[1]}"`);
  await page.screenshot({ path: join(shots, 'customer-chart.png') });
  return `customer ${id} from a link: the axis runs past the last purchase ${last} to ${axisEnd}, today at ${end}, next order ${res.next_order}, ${chart.alivePoints} P(alive) points from ${ps[0].toFixed(2)} to ${ps.at(-1).toFixed(3)}`;
}

/** A link copied from the alerts (lost, searched, sorted) restores that view when opened. */
async function testSharedLink(page, link, ids) {
  await page.goto('about:blank');
  await page.goto(link, { waitUntil: 'load' });
  await page.waitForSelector('[data-table="alerts"] .tabulator-row', { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: ${link} shows no alerts`));
  // (the lists above load their rows too, which moves the alerts down: the page keeps them in view)
  await page.waitForFunction(() => ['customers', 'alerts', 'accounts'].every((t) => Number(document.querySelector(`[data-table="${t}"]`)?.dataset.loads) > 0), null, { timeout: CHART_TIMEOUT });
  await page.waitForTimeout(300);
  const params = new URLSearchParams(new URL(link).hash.replace(/^#alerts\?/, ''));
  const state = await page.evaluate(() => ({
    tab: document.querySelector('[data-section="alerts"] [role="tab"][aria-selected="true"]')?.dataset.tab,
    q: document.querySelector('[data-section="alerts"] input[name="q"]')?.value,
    sort: document.querySelector('[data-table="alerts"]')?.dataset.sort,
    top: document.getElementById('s-alerts')?.getBoundingClientRect().top,
  }));
  if (state.tab !== 'lost' || state.q !== params.get('q') || state.sort !== `${params.get('sort')}:${params.get('order')}`) fail(`dashboard: ${link} restores the tab ${state.tab}, search "${state.q}", sort ${state.sort}`);
  const shown = await shownField(page, 'alerts', 'customer_id');
  if (shown.join() !== ids.join()) fail(`dashboard: ${link} shows ${shown.join(', ')}, the view it was copied from ${ids.join(', ')}`);
  if (!(state.top > -5 && state.top < 150)) fail(`dashboard: ${link} does not scroll to the alerts (top at ${state.top})`);
  return `the copied link restores the lost alerts searched for "${params.get('q')}" sorted by ${state.sort} (${shown.length} rows)`;
}

/** The same request the page makes (with the stored token). */
const apiGet = (page, path) =>
  page.evaluate(async (p) => {
    const t = sessionStorage.getItem('winnow-token');
    const r = await fetch(p, { headers: t ? { Authorization: `Bearer ${t}` } : {} });
    return { status: r.status, body: await r.json() };
  }, path);

/**
 * The work list per rep: it shows the first rep's customers as /api/plan?rep_id= lists them, in
 * the order to work them; a click on another rep in the plan's rep table shows that rep's list;
 * a click on a customer opens the customer.
 */
async function testRepPlan(page) {
  const results = (await apiGet(page, 'api/results')).body;
  const reps = results.plan?.reps || [];
  if (reps.length < 2) fail(`dashboard: the plan has ${reps.length} reps; the sample project has several`);
  const host = page.locator('[data-table="rep-plan"]');
  const idsShown = () => page.$$eval('[data-table="rep-plan"] .tabulator-cell[tabulator-field="customer_id"]', (tds) => tds.map((td) => td.textContent.trim()));
  async function expectRep(rep, loads) {
    await page
      .waitForFunction(
        ([r, n]) => {
          const el = document.querySelector('[data-table="rep-plan"]');
          return document.querySelector('.rep-facts')?.dataset.rep === r && Number(el?.dataset.loads) > n && el.querySelectorAll('.tabulator-row').length > 0;
        },
        [rep, loads],
        { timeout: CHART_TIMEOUT },
      )
      .catch(async () => {
        const state = await page.evaluate(() => ({ rep: document.querySelector('.rep-facts')?.dataset.rep, loads: document.querySelector('[data-table="rep-plan"]')?.dataset.loads, hash: location.hash }));
        fail(`dashboard: the work list of ${rep} did not show (${JSON.stringify(state)}, ${loads} loads before)`);
      });
    await page.waitForTimeout(100);
    const api = await apiGet(page, `api/plan?rep_id=${encodeURIComponent(rep)}&page=1&per_page=25`);
    if (api.status !== 200) fail(`dashboard: /api/plan?rep_id=${rep} answered ${api.status}`);
    const rows = api.body.rows;
    if (!rows.length || rows.some((r) => r.rep_id !== rep)) fail(`dashboard: /api/plan?rep_id=${rep} lists other reps' customers`);
    // The order to work it: planned customers first, most expected gain per contact first.
    const keys = rows.map((r) => (r.contacts > 0 ? [0, -r.expected_gain / r.contacts] : [1, -(r.next_contact_gain ?? -Infinity)]));
    for (let k = 1; k < keys.length; k++) {
      const [a, b] = [keys[k - 1], keys[k]];
      if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1] + 1e-9)) fail(`dashboard: the work list of ${rep} is not in the order to work it at row ${k + 1}`);
    }
    const shown = await idsShown();
    if (shown.join() !== rows.map((r) => r.customer_id).join()) fail(`dashboard: the work list of ${rep} shows ${shown.slice(0, 5).join(', ')}…, the API ${rows.slice(0, 5).map((r) => r.customer_id).join(', ')}…`);
    return { rows, total: Number(await host.getAttribute('data-total')) };
  }
  const first = await expectRep(reps[0].rep_id, 0);
  // Another rep from the plan section's rep table.
  const loads = Number(await host.getAttribute('data-loads'));
  await clickRow(page.locator('[data-table="plan-reps"] .tabulator-row').nth(1), (timeout) =>
    page.waitForFunction((r) => document.querySelector('.rep-facts')?.dataset.rep === r, reps[1].rep_id, { timeout }),
  ).catch(() => {});
  const second = await expectRep(reps[1].rep_id, loads);
  await (await page.$('[data-section="rep-plan"]')).screenshot({ path: join(shots, 'rep-plan.png') });
  // A customer of the list (one with a customer record) opens the customer's detail.
  let id = null;
  for (const r of second.rows) {
    if ((await apiGet(page, `api/customers?q=${encodeURIComponent(r.customer_id)}`)).body.rows.some((c) => c.customer_id === r.customer_id)) {
      id = r.customer_id;
      break;
    }
  }
  if (!id) fail(`dashboard: no customer of ${reps[1].rep_id}'s work list has a customer record`);
  const index = (await idsShown()).indexOf(id);
  await clickRow(page.locator('[data-table="rep-plan"] .tabulator-cell[tabulator-field="customer_id"]').nth(index), (timeout) =>
    page.waitForSelector(`#customer-detail[data-state="loaded"][data-customer-id="${id}"]`, { timeout }),
  ).catch(() => fail(`dashboard: the detail of ${id} did not open from the work list`));
  await page.keyboard.press('Escape');
  await page.waitForSelector('#customer-detail', { state: 'hidden', timeout: 5000 });
  return `work lists: ${reps[0].rep_id} ${first.total} customers, ${reps[1].rep_id} ${second.total}; customer ${id} opened`;
}

/**
 * The experts: the list filtered by tier, specialty and country shows only matching experts, as
 * /api/experts lists them; a row opens the expert with the six scores, the explanation and the
 * neighbours of /api/experts/{id}; the account of an expert lists its experts.
 */
async function testExperts(page) {
  const host = page.locator('[data-table="experts"]');
  await page.waitForSelector('[data-table="experts"] .tabulator-row', { timeout: CHART_TIMEOUT }).catch(() => fail('dashboard: no expert rows'));
  const total0 = Number(await host.getAttribute('data-total'));
  const all = await apiGet(page, 'api/experts?per_page=500&sort=total_score&order=desc');
  if (all.status !== 200 || all.body.total !== total0) fail(`dashboard: the expert list shows ${total0} experts, /api/experts ${all.body.total}`);
  const rowsOf = () =>
    page.$$eval('[data-table="experts"] .tabulator-row', (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('.tabulator-cell[tabulator-field]')].map((td) => [td.getAttribute('tabulator-field'), td.textContent.trim()]))),
    );
  // The filters so far; the rows shown must be experts that match all of them (as all.body.rows
  // has them: the page shows codes like the tier in its language, so rows are matched by id).
  const criteria = {};
  const byId = new Map(all.body.rows.map((r) => [r.expert_id, r]));
  async function filterBy(name, value, select) {
    const loads = Number(await host.getAttribute('data-loads'));
    const control = `[data-section="experts-list"] ${select ? 'select' : 'input'}[name="${name}"]`;
    if (select) await page.selectOption(control, value);
    else await page.fill(control, value);
    criteria[name] = value;
    await page
      .waitForFunction(
        ([n, ok]) => {
          const el = document.querySelector('[data-table="experts"]');
          const ids = [...el.querySelectorAll('.tabulator-cell[tabulator-field="expert_id"]')].map((td) => td.textContent.trim());
          return Number(el.dataset.loads) > n && ids.length > 0 && ids.every((id) => ok.includes(id));
        },
        [loads, all.body.rows.filter((r) => Object.entries(criteria).every(([k, v]) => String(r[k]) === v)).map((r) => r.expert_id)],
        { timeout: CHART_TIMEOUT },
      )
      .catch(async () => {
        const shown = await shownField(page, 'experts', 'expert_id');
        fail(`dashboard: the experts' ${name} filter (${value}) did not update the list (shows ${shown.slice(0, 5).map((id) => `${id}: ${byId.get(id)?.[name]}`).join(', ')})`);
      });
    return Number(await host.getAttribute('data-total'));
  }
  // A tier, then a specialty and a country of an expert of that tier: each narrows the list.
  const tierOf = all.body.rows.at(-1).tier;
  const t1 = await filterBy('tier', tierOf, true);
  const expected1 = all.body.rows.filter((r) => r.tier === tierOf).length;
  if (t1 !== expected1) fail(`dashboard: tier ${tierOf} lists ${t1} experts, expected ${expected1}`);
  const pick = all.body.rows.find((r) => r.tier === tierOf);
  const t2 = await filterBy('specialty', pick.specialty, false);
  const t3 = await filterBy('country', pick.country, false);
  const expected3 = all.body.rows.filter((r) => r.tier === tierOf && r.specialty === pick.specialty && r.country === pick.country).length;
  if (!(t3 === expected3 && t3 <= t2 && t2 <= t1)) fail(`dashboard: tier, specialty and country filters list ${t1}, ${t2}, ${t3} experts (expected ${expected3} at the end)`);
  await (await page.$('[data-section="experts-list"]')).screenshot({ path: join(shots, 'experts-list.png') });
  // An expert's detail: the one with the most neighbours among the first listed (experts.top).
  const rows = await rowsOf();
  const id = rows[0].expert_id;
  await clickRow(page.locator('[data-table="experts"] .tabulator-cell[tabulator-field="expert_id"]').first(), (timeout) =>
    page.waitForSelector(`#customer-detail[data-state="loaded"][data-expert-id="${id}"]`, { timeout }),
  ).catch(() => fail(`dashboard: the detail of expert ${id} did not open`));
  const one = await apiGet(page, `api/experts/${encodeURIComponent(id)}`);
  if (one.status !== 200) fail(`dashboard: /api/experts/${id} answered ${one.status}`);
  const detail = await page.$eval('#customer-detail', (el) => ({
    criteria: el.querySelectorAll('tr.expert-criterion').length,
    neighbours: el.querySelectorAll('tr.expert-neighbour').length,
    explanation: el.querySelector('[data-reason="explanation"]')?.textContent,
  }));
  if (detail.criteria !== 6) fail(`dashboard: the detail of expert ${id} shows ${detail.criteria} criteria, not 6`);
  if (detail.explanation !== one.body.expert.explanation) fail(`dashboard: the detail of expert ${id} explains "${detail.explanation}", the API "${one.body.expert.explanation}"`);
  if (detail.neighbours !== Math.min(25, one.body.neighbours.length)) fail(`dashboard: the detail of expert ${id} shows ${detail.neighbours} neighbours, the API ${one.body.neighbours.length}`);
  const weights = one.body.neighbours.map((n) => n.weight);
  if (weights.some((v, i) => i > 0 && v > weights[i - 1])) fail(`dashboard: /api/experts/${id} lists its neighbours not strongest first`);
  await page.screenshot({ path: join(shots, 'expert.png'), fullPage: false });
  // An account's detail lists its experts (as experts.csv places them); the expert's account opens from its detail.
  const atAccount = all.body.rows.find((r) => r.customer_id);
  if (!atAccount) fail('dashboard: no expert works at an account (the sample project places experts at its hospitals)');
  const account = await apiGet(page, `api/customers/${encodeURIComponent(atAccount.customer_id)}`);
  const listed = (account.body.experts || []).map((x) => x.expert_id).sort();
  const expected = all.body.rows.filter((r) => r.customer_id === atAccount.customer_id).map((r) => r.expert_id).sort();
  if (account.status !== 200 || listed.join() !== expected.join()) fail(`dashboard: /api/customers/${atAccount.customer_id} lists experts ${listed.join(', ')}, experts.csv ${expected.join(', ')}`);
  const home = one.body.expert.customer_id;
  if (home) {
    await page.locator('#customer-detail [data-expert-account] button').click();
    await page.waitForSelector(`#customer-detail[data-state="loaded"][data-customer-id="${home}"]`, { timeout: CHART_TIMEOUT }).catch(() => fail(`dashboard: the account ${home} of expert ${id} did not open`));
    const shown = await page.$$eval('#customer-detail tr.account-expert', (trs) => trs.length);
    if (!shown) fail(`dashboard: the detail of account ${home} lists no experts`);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('#customer-detail', { state: 'hidden', timeout: 5000 });
  return `experts: ${total0}, tier ${tierOf}: ${t1}, + specialty ${pick.specialty}: ${t2}, + country ${pick.country}: ${t3}; expert ${id} opened with ${detail.neighbours} neighbours`;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
let code = 0;
try {
  await testReport(browser);
  if (dashboardUrl) await testDashboard(browser);
} catch (e) {
  const msg = e instanceof TestFailure ? e.message : String(e.stack || e);
  // The page as it was at the failure, for the artifacts.
  for (const [i, p] of browser.contexts().flatMap((c) => c.pages()).entries()) await p.screenshot({ path: join(shots, `failure-${i}.png`) }).catch(() => {});
  const extra = seen.filter((p) => !msg.includes(p));
  console.error(`FAIL ${msg}${extra.length ? `\n${extra.join('\n')}` : ''}`);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
