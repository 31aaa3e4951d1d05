// The section registry. A section is a plain object:
//   { id, title, render(container, data, ctx), when?(data, ctx), intro? }
// Each view (report, dashboard) is an ordered list of sections; adding a section to a
// view is one import and one entry in that list. renderSections() lays them out with
// accessible headings, a table of contents and per-section error isolation.
// Titles, navigation titles and static intros are English texts, shown through i18n's t();
// an intro function returns its text already translated.

import { h } from './dom.js';
import { t } from './i18n.js';

export function defineSection(def) {
  for (const k of ['id', 'title', 'render']) if (!def[k]) throw new Error(`section without ${k}`);
  return Object.freeze({ ...def });
}

/**
 * Renders sections into root (appending). nav, if given, gets a link per section.
 * Returns the ids of the sections shown.
 */
export function renderSections(root, sections, data, { nav, ctx } = {}) {
  const shown = [];
  for (const s of sections) {
    if (s.when && !s.when(data, ctx)) continue;
    const hid = `h-${s.id}`;
    const body = h('div', { class: 'section-body' });
    const intro = typeof s.intro === 'function' ? s.intro(data, ctx) : s.intro && t(s.intro);
    const el = h(
      'section',
      { id: `s-${s.id}`, class: 'section', 'data-section': s.id, 'aria-labelledby': hid },
      h('h2', { id: hid }, t(s.title)),
      intro ? h('p', { class: 'intro' }, intro) : null,
      body,
    );
    root.append(el);
    try {
      s.render(body, data, ctx);
    } catch (e) {
      console.error(`winnow: section "${s.id}" failed:`, e);
      body.append(h('p', { class: 'error' }, t('This section could not be shown: {message}', { message: e.message })));
    }
    if (nav) nav.append(h('a', { href: `#s-${s.id}` }, t(s.navTitle || s.title)));
    shown.push(s.id);
  }
  return shown;
}
