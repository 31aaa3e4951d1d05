// The glossary section: every measure in plain words (glossary_terms.js), in the page's language.
// Each entry has the anchor #g-<id>, which column tooltips and headline figures point to.
import { defineSection } from '../sections.js';
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { GLOSSARY } from './glossary_terms.js';

export default defineSection({
  id: 'glossary',
  title: 'Glossary',
  intro: 'The measures of this report in plain words.',
  render(el) {
    const de = lang() === 'de';
    const entries = [...GLOSSARY].sort((a, b) => t(a.term).localeCompare(t(b.term), lang()));
    el.append(
      h(
        'dl',
        { class: 'glossary' },
        entries.map((g) => h('div', { class: 'glossary-entry', id: `g-${g.id}` }, h('dt', null, t(g.term)), h('dd', null, de ? g.de : g.en))),
      ),
    );
  },
});
