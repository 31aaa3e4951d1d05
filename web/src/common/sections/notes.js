import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

export default defineSection({
  id: 'notes',
  title: 'Notes',
  render(el, d) {
    const notes = d.notes || [];
    if (!notes.length) return el.append(h('p', { class: 'empty' }, t('No notes from this run.')));
    el.append(h('ul', { class: 'notes' }, notes.map((n) => h('li', null, typeof n === 'string' ? n : JSON.stringify(n)))));
  },
});
