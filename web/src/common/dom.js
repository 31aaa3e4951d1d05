// A tiny DOM helper: h('div', {class: 'x'}, 'text', child). Text is always set as
// text (never parsed as HTML), so values from the data cannot inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' || k === 'checked') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/**
 * A plain, static table for small fixed tables (tiers, candidates, evaluation).
 * columns: [{label, value: row => text, num: bool, title?}]
 * wrap: text cells may wrap (names), so the table fits a narrow page.
 */
export function simpleTable(columns, rows, { caption, rowClass, wrap } = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: wrap ? 'simple wrap' : 'simple' },
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, title: c.title }, c.label)))),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            { class: rowClass ? rowClass(r) : null },
            columns.map((c, i) => (i === 0 && c.rowHeader !== false ? h('th', { scope: 'row', class: c.num ? 'num' : null }, c.value(r)) : h('td', { class: c.num ? 'num' : null }, c.value(r)))),
          ),
        ),
      ),
    ),
  );
}

/** A definition-style list of figures: [[label, value, note?]] */
export function factList(items) {
  return h(
    'dl',
    { class: 'facts' },
    items.map(([label, value, note]) => h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'note' }, note) : null))),
  );
}

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
