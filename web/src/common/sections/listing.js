// A list of rows carried in results.json, as the report shows it: the sortable, searchable,
// paged table on screen (table.js clientTable), a CSV export button (the table's rows as they
// are filtered and sorted, every column of the set, UTF-8, the column names as header), and a
// plain table of ALL rows for print (hidden on screen; @media print shows it instead of the
// paged table, so a printout has every row and no controls).
import { h } from '../dom.js';
import { clientTable } from '../table.js';
import { FORMATS } from '../format.js';
import { t } from '../i18n.js';

const NUMERIC = new Set(['money', 'int', 'num', 'ratio', 'pct', 'prob', 'days']);

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'boolean' ? (v ? 'true' : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV: a header of the column names (as in the CSV files), then the raw values. */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.id)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c.id])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Offers text as a file download (works offline: a blob URL). */
function download(filename, text) {
  // A byte order mark, so spreadsheet programs read the UTF-8 names (Müller, Görlitz) right.
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, style: 'display:none' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The plain table printed instead of the paged one: every row, formatted like the screen. */
export function printTable(name, columns, rows) {
  const fmt = (c) => (typeof c.format === 'function' ? c.format : FORMATS[c.format || 'text']);
  return h(
    'table',
    { class: 'print-table', 'data-print-table': name },
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: NUMERIC.has(c.format) ? `num col-${c.format}` : `col-${c.id}` }, c.name)))),
    h(
      'tbody',
      null,
      rows.map((r) => h('tr', null, columns.map((c) => h('td', { class: NUMERIC.has(c.format) ? `num col-${c.format}` : `col-${c.id}` }, fmt(c)(r[c.id]))))),
    ),
  );
}

/**
 * The report's list: clientTable + CSV button + print table.
 *   columns: a column set (sections/columns.js); printColumns: the ids printed (default all;
 *   fewer keep the table inside an A4 page); csvName: the download's file name.
 */
export function reportList(container, { name, columns, rows, limit = 15, search, onRowClick, printColumns, csvName }) {
  const host = h('div', { class: 'report-list', 'data-list': name });
  container.append(host);
  const table = clientTable(host, { name, columns, rows, limit, search: search ?? rows.length > limit, onRowClick });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn csv-export',
      'data-csv': name,
      title: t('Download the rows of this list as CSV (UTF-8)'),
      onclick: () => download(csvName || `${name}.csv`, toCsv(columns, table.getData('active'))),
    },
    t('CSV'),
  );
  // The search box's row (when there is one) takes the button too; else it gets its own row.
  const tools = host.querySelector('.table-tools');
  if (tools) tools.prepend(button);
  else host.prepend(h('div', { class: 'table-tools' }, button));
  const printed = printColumns ? columns.filter((c) => printColumns.includes(c.id)) : columns;
  host.append(printTable(name, printed, rows));
  return table;
}
