// Print test of report.html (issue 14): opens the report in headless Chromium (playwright-core with
// the system's Chromium, as browser.mjs), prints it to PDF (A4) and checks
//   - the PDF: A4 pages, and a page count within the stated bound (maxPages below);
//   - in print media at the printable width of A4 portrait (210 mm − 2 × 10 mm margins = 190 mm =
//     718 px): every list prints ALL its rows (the print table of each list has as many rows as
//     results.json holds, and the last one is laid out with its id), no control is shown (search,
//     buttons, pagers, the paged screen tables), and every table, chart and money column lies
//     inside the page (right edge <= 718 px);
//   - the header shows report.title (or "winnow report") and report.client, and never project_dir;
//   - with --locale de-DE: German texts (the headline's title, the section of alerts) and German
//     number formats (1.234.567 €, 0,957); otherwise English ones (1,234,567, 0.957);
//   - every list on screen has a CSV button, and the alerts' CSV holds all the group's rows with
//     the column names as header (UTF-8, with a byte order mark);
//   - no console error, page error or network request.
//   node test/print.mjs --report PATH/report.html --pdf OUT.pdf [--locale de-DE] [--currency EUR]
//                       [--title T] [--client C]
import { chromium } from 'playwright-core';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const reportPath = arg('report');
const pdfPath = arg('pdf');
const locale = arg('locale') || 'en-US';
const currency = arg('currency') || '';
const title = arg('title') || '';
const client = arg('client') || '';
if (!reportPath || !pdfPath) {
  console.error('usage: node test/print.mjs --report PATH/report.html --pdf OUT.pdf [--locale de-DE] [--currency EUR] [--title T] [--client C]');
  process.exit(2);
}
const german = /^de\b/i.test(locale);

// The printable width of A4 portrait with the print stylesheet's 10 mm side margins, in CSS px.
const PRINT_WIDTH = Math.floor(((210 - 20) / 25.4) * 96); // 718
// The stated bound on the pages: at least one per section (each section starts a page), at most
//   sections + ceil(list rows / 45) + Account 360 views + 8
// (the lists print 60-90 rows a page at A4 width, an Account 360 view takes about one page, and 8
// pages cover the charts, small tables and the glossary). A list printed 15 rows a page, or a
// chart or table that does not scale to the page, exceeds it.
const maxPages = (sections, rows, views) => sections + Math.ceil(rows / 45) + views + 8;

const failures = [];
const fail = (msg) => failures.push(msg);

// The rows each list must print, from results.json, and the field that identifies a row.
function expectedLists(r) {
  const alerts = r.alerts?.top || [];
  return {
    'top-customers': [r.top_customers, 'customer_id'],
    alerts: [alerts.filter((x) => x.group === 'at_risk'), 'customer_id'],
    'alerts-lost': [alerts.filter((x) => x.group === 'lost'), 'customer_id'],
    // (without a previous run nothing is new: the group is empty)
    'alerts-new': [r.alerts?.previous_run === false ? [] : alerts.filter((x) => x.new === 'new' || x.new === true), 'customer_id'],
    'key-accounts': [r.key_accounts?.top, 'customer_id'],
    'top-parents': [r.accounts?.top_parents, 'account_id'],
    'top-upside': [r.accounts?.top_upside, 'account_id'],
    reference: [r.reference_customers, 'customer_id'],
    'experts-top': [r.experts?.top, 'expert_id'],
    'plan-reps': [r.plan?.reps, 'rep_id'],
    'plan-served-less': [r.plan?.served_less, 'customer_id'],
    'plan-served-more': [r.plan?.served_more, 'customer_id'],
  };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') fail(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    fail(`network request: ${url}`);
    return route.abort();
  });
  await page.goto(`file://${reportPath}`);
  await page.waitForSelector('[data-section]', { timeout: 15000 });
  await page
    .waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((c) => c.dataset.rendered === 'true'), null, { timeout: 15000 })
    .catch(() => fail('not every chart rendered within 15 s'));
  const results = JSON.parse(await page.$eval('#winnow-results', (el) => el.textContent));

  // The header: title and client, never the project's path.
  const header = await page.$eval('header.page-header', (el) => ({
    h1: el.querySelector('h1')?.textContent.trim(),
    client: el.querySelector('[data-client]')?.textContent.trim() ?? '',
    text: el.textContent,
  }));
  const wantTitle = title || (german ? 'winnow-Bericht' : 'winnow report');
  if (header.h1 !== wantTitle) fail(`header: title "${header.h1}", expected "${wantTitle}"`);
  if (header.client !== client) fail(`header: client "${header.client}", expected "${client}"`);
  if (results.report?.title !== undefined && (results.report.title || '') !== title) fail(`results.json report.title is "${results.report.title}", the run set "${title}"`);
  const body = await page.$eval('body', (el) => el.innerText);
  if (results.project_dir && body.includes(results.project_dir)) fail(`the page shows project_dir (${results.project_dir})`);
  if (results.project_dir && header.text.includes(results.project_dir)) fail('the header shows project_dir');

  // Language and number formats.
  const lang = await page.$eval('html', (el) => el.lang);
  const headlineTitle = await page.$eval('[data-section="headline"] h2', (el) => el.textContent.trim());
  const value = await page.$eval('[data-figure="customer-value"] .card-value', (el) => el.textContent.trim());
  const gini = await page.$eval('[data-figure="gini"] .card-value', (el) => el.textContent.trim());
  if (german) {
    if (lang !== 'de') fail(`<html lang="${lang}">, expected "de"`);
    if (headlineTitle !== 'Überblick') fail(`headline title "${headlineTitle}", expected the German "Überblick"`);
    const alertsTitle = await page.$eval('[data-section="alerts"] h2', (el) => el.textContent.trim());
    if (alertsTitle !== 'Abwanderungswarnungen') fail(`alerts title "${alertsTitle}", expected "Abwanderungswarnungen"`);
    const euro = currency === 'EUR' ? '\u00a0€' : '';
    if (!new RegExp(`^\\d{1,3}(\\.\\d{3})*${euro}$`).test(value)) fail(`customer value "${value}" is not in the de-DE format (1.234.567${euro})`);
    if (!/^0,\d{3}$/.test(gini)) fail(`Gini "${gini}" is not in the de-DE format (0,822)`);
    for (const word of ['Kundenwert', 'Empfehlungswert', 'Gefährdet', 'Stufen']) if (!body.includes(word)) fail(`the German report lacks "${word}"`);
  } else {
    if (lang !== 'en') fail(`<html lang="${lang}">, expected "en"`);
    if (headlineTitle !== 'Headline') fail(`headline title "${headlineTitle}", expected "Headline"`);
    if (!/^\d{1,3}(,\d{3})*$/.test(value)) fail(`customer value "${value}" is not in the en-US format without a currency (1,234,567)`);
    if (!/^0\.\d{3}$/.test(gini)) fail(`Gini "${gini}" is not in the en-US format (0.822)`);
  }
  // Money: no cents anywhere, no "0.00" (the one money rule).
  const cents = await page.$$eval('.print-table td.col-money, [data-figure="customer-value"] .card-value, [data-figure="referral-value"] .card-value', (els) =>
    els.map((e) => e.textContent.trim()).filter((s) => /[.,]\d{2}(\s?€)?$/.test(s)),
  );
  if (cents.length) fail(`money with cents: ${cents.slice(0, 5).join(', ')}`);

  // CSV export: a button on every list shown on screen; the at-risk alerts' CSV in full.
  const lists = await page.$$eval('[data-list]', (els) => els.map((e) => [e.dataset.list, !!e.querySelector('.screen-list'), !!e.querySelector('button.csv-export')]));
  for (const [name, built, button] of lists) if (built && !button) fail(`list ${name} has no CSV button`);
  const atRisk = expectedLists(results).alerts[0];
  if (atRisk.length) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click('[data-list="alerts"] button.csv-export')]);
    const file = join(tmpdir(), `winnow-print-${process.pid}.csv`);
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    unlinkSync(file);
    if (!csv.startsWith('\ufeff')) fail('the CSV has no byte order mark');
    const lines = csv.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    const header = lines[0].split(',');
    if (download.suggestedFilename() !== 'alerts_at_risk.csv') fail(`the CSV is named ${download.suggestedFilename()}`);
    for (const col of ['rank', 'customer_id', 'name', 'contact_by', 'value_at_risk']) if (!header.includes(col)) fail(`the alerts' CSV header lacks ${col}: ${lines[0]}`);
    if (lines.length - 1 !== atRisk.length) fail(`the alerts' CSV has ${lines.length - 1} rows, results.json ${atRisk.length} at-risk alerts`);
    if (!lines.at(-1).includes(atRisk.at(-1).customer_id)) fail(`the alerts' CSV's last row is not ${atRisk.at(-1).customer_id}`);
  }

  // Print media at the printable width of A4.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: PRINT_WIDTH, height: 1100 });
  await page.waitForTimeout(400);
  const layout = await page.evaluate(() => {
    const visible = (el) => {
      const s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const right = (el) => el.getBoundingClientRect().right;
    return {
      sections: [...document.querySelectorAll('[data-section]')].map((s) => s.dataset.section),
      controls: [...document.querySelectorAll('input, button, select, .tabulator, .tabulator-footer, .table-tools, .toc')].filter(visible).map((e) => e.className || e.tagName),
      lists: [...document.querySelectorAll('table.print-table')].map((t) => {
        const rows = [...t.tBodies[0].rows];
        const last = rows.at(-1);
        return {
          name: t.dataset.printTable,
          visible: visible(t),
          rows: rows.length,
          lastText: last ? last.textContent : '',
          lastShown: last ? visible(last) && last.getBoundingClientRect().height > 0 : false,
          right: right(t),
          money: Math.max(0, ...[...t.querySelectorAll('th.col-money, td.col-money')].map(right)),
        };
      }),
      wide: [...document.querySelectorAll('table, .chart, .cards, .facts, .account-360, .section')]
        .filter(visible)
        .filter((e) => right(e) > document.documentElement.clientWidth + 0.5)
        .map((e) => `${e.closest('[data-section]')?.dataset.section}: ${e.tagName.toLowerCase()}.${e.className} (right ${Math.round(right(e))})`),
      width: document.documentElement.clientWidth,
    };
  });
  if (layout.width > PRINT_WIDTH) fail(`print layout width ${layout.width} > ${PRINT_WIDTH}`);
  if (layout.controls.length) fail(`controls shown in print: ${[...new Set(layout.controls)].join(', ')}`);
  if (layout.wide.length) fail(`outside the A4 page width (${PRINT_WIDTH} px): ${layout.wide.slice(0, 8).join('; ')}`);
  const expected = expectedLists(results);
  const printedNames = new Set();
  for (const l of layout.lists) {
    printedNames.add(l.name);
    const want = expected[l.name];
    if (!want) {
      fail(`print table ${l.name}: this test does not know which rows it must print`);
      continue;
    }
    const [rows, id] = want;
    if (!l.visible) fail(`print table ${l.name} is not shown in print`);
    if (l.rows !== (rows || []).length) fail(`print table ${l.name}: ${l.rows} rows, results.json has ${(rows || []).length}`);
    const lastId = rows?.at(-1)?.[id];
    if (lastId && !l.lastText.includes(lastId)) fail(`print table ${l.name}: the last row does not show ${lastId}`);
    if (!l.lastShown) fail(`print table ${l.name}: the last row is not laid out`);
    if (l.right > PRINT_WIDTH + 0.5) fail(`print table ${l.name}: right edge ${Math.round(l.right)} px > ${PRINT_WIDTH} px`);
    if (l.money > PRINT_WIDTH + 0.5) fail(`print table ${l.name}: a money column ends at ${Math.round(l.money)} px > ${PRINT_WIDTH} px`);
  }
  for (const [name, [rows]] of Object.entries(expected)) {
    if ((rows || []).length && !printedNames.has(name)) fail(`results.json has rows for ${name}, but no print table shows them`);
  }

  // The PDF.
  await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const pdf = readFileSync(pdfPath).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  if (!boxes.length) fail('the PDF has no MediaBox');
  for (const [w, hgt] of boxes) if (Math.abs(w - 595.3) > 2 || Math.abs(hgt - 841.9) > 2) fail(`a PDF page is ${w.toFixed(1)} × ${hgt.toFixed(1)} pt, not A4 (595 × 842)`);
  if (pages < layout.sections.length) fail(`the PDF has ${pages} pages, fewer than the ${layout.sections.length} sections (each starts a page)`);
  const rowsPrinted = layout.lists.reduce((s, l) => s + l.rows, 0);
  const bound = maxPages(layout.sections.length, rowsPrinted, (results.account_views || []).length);
  if (pages > bound) fail(`the PDF has ${pages} pages, more than the bound of ${bound}`);
  writeFileSync(`${pdfPath}.txt`, `${pages} pages, ${layout.sections.length} sections, ${layout.lists.length} lists, ${rowsPrinted} rows\n`);
  console.log(`print (${locale}${currency ? `, ${currency}` : ''}): ${pages} A4 pages (bound ${layout.sections.length}..${bound}), ${layout.lists.length} lists with all ${rowsPrinted} rows inside ${PRINT_WIDTH} px`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
