// Table wrappers on Tabulator: clientTable() for the bounded lists in results.json
// (sorting, search and pages in the browser) and serverTable() for the dashboard's live
// lists, where the server filters, sorts and pages (remote mode with our own request
// function, so the auth header and error handling stay in one place).
// Only the Tabulator modules used are registered, to keep the bundles small.

import { Tabulator, SortModule, PageModule, FormatModule, FilterModule, InteractionModule, AjaxModule, ResizeTableModule } from 'tabulator-tables';
import 'tabulator-tables/dist/css/tabulator_simple.css';
import { h, debounce } from './dom.js';
import { FORMATS } from './format.js';
import { lang, t } from './i18n.js';

Tabulator.registerModule([SortModule, PageModule, FormatModule, FilterModule, InteractionModule, AjaxModule, ResizeTableModule]);

const NUMERIC = new Set(['money', 'int', 'num', 'ratio', 'pct', 'prob', 'days']);
// Narrowest widths (px) that show typical values of each format in full.
const MIN_WIDTH = { money: 86, int: 60, num: 64, ratio: 64, pct: 72, prob: 64, days: 64, code: 110 };
// Titles wrap between words, so a column needs room for its longest word (+ sort arrow).
const titleWidth = (title, sortable) => Math.round(Math.max(...String(title).split(/\s+/).map((w) => w.length)) * 8 + 18 + (sortable ? 16 : 0));

/**
 * Column spec: {id, name, format: 'money'|'int'|'num'|'ratio'|'pct'|'prob'|'days'|'text'|'code',
 *               tip (the column's meaning, shown on its heading), sort: boolean (default true), minWidth, grow}
 * (column sets: sections/columns.js, from the declaration in results.json)
 */
function tabColumn(c) {
  const fmt = typeof c.format === 'function' ? c.format : FORMATS[c.format || 'text'];
  const numeric = NUMERIC.has(c.format);
  return {
    title: c.name,
    // The heading as text, with the column's meaning as its tooltip.
    titleFormatter: (cell) => {
      if (c.tip) cell.getElement().title = c.tip;
      return document.createTextNode(c.name);
    },
    field: c.id,
    hozAlign: numeric ? 'right' : 'left',
    headerHozAlign: numeric ? 'right' : 'left',
    // A text node: values are shown as text, never parsed as HTML.
    formatter: (cell) => {
      const text = fmt(cell.getValue());
      if (!numeric) cell.getElement().title = text; // full text on hover when cut
      return document.createTextNode(text);
    },
    sorter: numeric ? 'number' : 'string',
    sorterParams: numeric ? { alignEmptyValues: 'bottom' } : { alignEmptyValues: 'bottom' },
    headerSort: c.sort !== false,
    headerSortStartingDir: numeric ? 'desc' : 'asc',
    // Columns share the width (fitColumns); none gets narrower than its title, and
    // names get the most of what is left.
    minWidth: c.minWidth || Math.max(MIN_WIDTH[c.format] || 44, titleWidth(c.name, c.sort !== false)),
    headerWordWrap: true,
    widthGrow: c.grow || 1,
  };
}

const COMMON = {
  layout: 'fitColumns',
  paginationCounter: 'rows',
  paginationButtonCount: 5,
  columnHeaderSortMulti: false,
};

// Tabulator's own texts (pager, counter, loading) in the page's language (i18n.js lang()).
const TABULATOR_LANGS = {
  de: {
    data: { loading: 'Lädt', error: 'Fehler' },
    pagination: {
      page_size: 'Zeilen je Seite',
      page_title: 'Seite anzeigen',
      first: 'Erste',
      first_title: 'Erste Seite',
      last: 'Letzte',
      last_title: 'Letzte Seite',
      prev: 'Zurück',
      prev_title: 'Vorige Seite',
      next: 'Weiter',
      next_title: 'Nächste Seite',
      all: 'Alle',
      counter: { showing: 'Zeige', of: 'von', rows: 'Zeilen', pages: 'Seiten' },
    },
  },
};

// The options every table shares, in the language set when the table is made.
const common = () => ({ ...COMMON, placeholder: t('No rows'), locale: lang(), langs: TABULATOR_LANGS });

const live = new Set();

function host(container, name, clickable) {
  const el = h('div', { class: `table-host${clickable ? ' clickable' : ''}`, 'data-table': name });
  container.append(el);
  return el;
}

function track(el, table) {
  live.add({ el, table });
  return table;
}

/** Destroys the tables inside root (or all), e.g. before re-rendering a view. */
export function destroyTables(root) {
  for (const entry of [...live]) {
    if (!root || root.contains(entry.el)) {
      entry.table.destroy();
      live.delete(entry);
    }
  }
}

/** A sortable, searchable, paged table over rows already in memory. */
export function clientTable(container, { name, columns, rows, search = true, limit = 10, onRowClick }) {
  const textFields = columns.filter((c) => !NUMERIC.has(c.format)).map((c) => c.id);
  let input;
  if (search) {
    input = h('input', { type: 'search', class: 'table-search', placeholder: t('Search…'), 'aria-label': `Search ${name.replace(/-/g, ' ')}` });
    container.append(h('div', { class: 'table-tools' }, input));
  }
  const el = host(container, name, !!onRowClick);
  const table = new Tabulator(el, {
    ...common(),
    data: rows,
    columns: columns.map(tabColumn),
    pagination: rows.length > limit,
    paginationSize: limit,
  });
  if (input) {
    const apply = () => {
      const q = input.value.trim().toLowerCase();
      if (!q) table.clearFilter();
      else table.setFilter((row) => textFields.some((f) => String(row[f] ?? '').toLowerCase().includes(q)));
    };
    table.on('tableBuilt', () => input.addEventListener('input', debounce(apply, 150)));
  }
  if (onRowClick) table.on('rowClick', (_e, row) => onRowClick(row.getData()));
  return track(el, table);
}

/**
 * A table whose rows come page by page from the server.
 *   url(): the list URL with the current filters (no sort or page parameters)
 *   fetchJson(url) → {total, page, pages, rows}
 * Sorting a column sends sort=<id>&order=asc|desc; pages send page=&per_page=.
 * sortState: {column, dir} to start from, updated as the user sorts (a column the table does
 * not show, e.g. from a shared link, is sent as it is); onSort(sortState) is called when the
 * user changes the sort order.
 */
export function serverTable(container, { name, columns, url, fetchJson, limit = 50, sortState, onRowClick, onLoaded, onSort }) {
  const el = host(container, name, !!onRowClick);
  const join = (u, p) => u + (u.includes('?') ? '&' : '?') + p;
  const shown = (id) => columns.some((c) => c.id === id && c.sort !== false);
  const initial = sortState?.column && shown(sortState.column) ? [{ column: sortState.column, dir: sortState.dir }] : undefined;
  // A sort by a column that is not shown (Tabulator knows only its own columns) until the user sorts.
  let hidden = sortState?.column && !initial ? { field: sortState.column, dir: sortState.dir } : null;
  let first = true;
  const table = new Tabulator(el, {
    ...common(),
    columns: columns.map(tabColumn),
    // sortState ({column, dir}) is read at start and kept up to date, so a re-rendered
    // table comes back sorted the way the user left it.
    initialSort: initial,
    pagination: true,
    paginationMode: 'remote',
    paginationSize: limit,
    sortMode: 'remote',
    filterMode: 'remote',
    ajaxURL: 'api', // required to turn on remote loading; the real URL is built below
    ajaxRequestFunc: async (_u, _cfg, params) => {
      let u = url();
      let s = (params.sort || [])[0];
      if (s) hidden = null;
      else s = hidden;
      if (s) u = join(u, `sort=${encodeURIComponent(s.field)}&order=${s.dir === 'asc' ? 'asc' : 'desc'}`);
      if (sortState) {
        const before = `${sortState.column}/${sortState.dir}`;
        if (s) Object.assign(sortState, { column: s.field, dir: s.dir === 'asc' ? 'asc' : 'desc' });
        if (!first && before !== `${sortState.column}/${sortState.dir}`) onSort?.(sortState);
      }
      first = false;
      u = join(u, `page=${params.page || 1}&per_page=${params.size || limit}`);
      const body = await fetchJson(u);
      loaded = { body, sort: s ? `${s.field}:${s.dir === 'asc' ? 'asc' : 'desc'}` : '', page: body.page ?? params.page ?? 1 };
      return { data: body.rows || [], last_page: Math.max(1, body.pages ?? 1), last_row: body.total ?? 0 };
    },
  });
  // A load counts (data-loads, onLoaded) once its rows are on the page, so that whoever waits for
  // it finds the rows it shows.
  let loaded = null;
  table.on('dataProcessed', () => {
    if (!loaded) return;
    const { body, sort, page } = loaded;
    loaded = null;
    el.dataset.loads = String(Number(el.dataset.loads || 0) + 1);
    el.dataset.total = String(body.total ?? 0);
    el.dataset.page = String(page);
    el.dataset.sort = sort;
    onLoaded?.(body);
  });
  if (onRowClick) table.on('rowClick', (_e, row) => onRowClick(row.getData()));
  let built = false;
  table.on('tableBuilt', () => (built = true));
  track(el, table);
  return {
    table,
    el,
    /** Reloads from page 1 with the current url() (after a filter change or new results). */
    reload() {
      if (built) table.setPage(1);
    },
  };
}
