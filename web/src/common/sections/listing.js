// A list of rows carried in results.json, as the report shows it: the sortable, searchable,
// paged table on screen (table.js clientTable), a CSV export button (the table's rows as they
// are filtered and sorted, every column of the set, UTF-8, the column names as header), and a
// plain table of ALL rows for print (hidden on screen; @media print shows it instead of the
// paged table, so a printout has every row and no controls).
import { h } from '../dom.js';
import { clientTable } from '../table.js';
import { FORMATS } from '../format.js';
import { t } from '../i18n.js';
import { glossaryHref } from './glossary_terms.js';
import { toCsv } from './csv.js';

const NUMERIC = new Set(['money', 'int', 'num', 'ratio', 'pct', 'prob', 'days']);

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
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: NUMERIC.has(c.format) ? `num col-${c.format}` : `col-${c.id}`, title: c.tip }, c.name)))),
    h(
      'tbody',
      null,
      rows.map((r) => h('tr', null, columns.map((c) => h('td', { class: NUMERIC.has(c.format) ? `num col-${c.format}` : `col-${c.id}` }, fmt(c)(r[c.id]))))),
    ),
  );
}

/**
 * A small "?" link to the glossary entry after each heading that has one (the heading's
 * tooltip, from table.js, is the column's meaning). The link does not sort the column.
 */
function linkGlossary(host, columns) {
  for (const c of columns) {
    if (!c.glossary) continue;
    // Beside the title element (whose text stays the heading), inside its holder.
    const holder = host.querySelector(`.tabulator-col[tabulator-field="${c.id}"] .tabulator-col-title-holder`);
    if (!holder || holder.querySelector('.glossary-link')) continue;
    holder.append(
      h('a', { class: 'glossary-link', href: glossaryHref(c.glossary), title: t('Glossary'), 'aria-label': t('Glossary: {term}', { term: c.name }), onclick: (e) => e.stopPropagation() }, '?'),
    );
  }
}

/**
 * The report's list: clientTable + CSV button + print table.
 *   columns: a column set (sections/columns.js); printColumns: the ids printed (default all;
 *   fewer keep the table inside an A4 page); csvName: the download's file name;
 *   defer: build the screen table only when show() is called (a list in a hidden tab: Tabulator
 *   cannot lay out a table it cannot see). The print table is built at once either way.
 * Returns {show(), table()}.
 */
export function reportList(container, { name, columns, rows, limit = 15, search, onRowClick, printColumns, csvName, defer = false }) {
  const host = h('div', { class: 'report-list', 'data-list': name });
  container.append(host);
  const printed = printColumns ? columns.filter((c) => printColumns.includes(c.id)) : columns;
  const paper = printTable(name, printed, rows);
  host.append(paper);
  let table = null;
  const show = () => {
    if (table) return table;
    const screen = h('div', { class: 'screen-list' });
    host.insertBefore(screen, paper);
    table = clientTable(screen, { name, columns, rows, limit, search: search ?? rows.length > limit, onRowClick });
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
    // The search box (table.js writes it in English) in the page's language.
    const input = screen.querySelector('input.table-search');
    if (input) input.placeholder = t('Search…');
    // The search box's row (when there is one) takes the button too; else it gets its own row.
    const tools = screen.querySelector('.table-tools');
    if (tools) tools.prepend(button);
    else screen.prepend(h('div', { class: 'table-tools' }, button));
    table.on('tableBuilt', () => linkGlossary(screen, columns));
    return table;
  };
  if (!defer) show();
  return { show, table: () => table };
}
