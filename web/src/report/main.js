// report.html: reads results.json from <script id="winnow-results"> and renders every
// section offline. Only the aggregates in results.json are used, so the page stays
// quick whatever the number of customers.
import '../common/style.css';
import { h } from '../common/dom.js';
import { renderSections } from '../common/sections.js';
import { pageHeader, pageFooter, useReportSettings } from '../common/page.js';
import { t } from '../common/i18n.js';
import { REPORT_SECTIONS } from './sections.js';
import { useDeclaration } from '../common/sections/columns.js';

function readResults() {
  const el = document.getElementById('winnow-results');
  if (!el) throw new Error('no <script id="winnow-results"> in the page');
  return JSON.parse(el.textContent);
}

function main() {
  const app = document.getElementById('app') || document.body.appendChild(h('div', { id: 'app' }));
  let data;
  try {
    data = readResults();
  } catch (e) {
    console.error('winnow: cannot read the results:', e);
    app.append(h('main', { class: 'wrap' }, h('h1', null, t('winnow report')), h('p', { class: 'error' }, t('The results could not be read: {message}', { message: e.message }))));
    return;
  }
  useReportSettings(data);
  useDeclaration(data);
  const { header, nav } = pageHeader('winnow report', data);
  const main = h('main', { class: 'wrap', id: 'main' });
  app.append(header, main);
  renderSections(main, REPORT_SECTIONS, data, { nav });
  app.append(pageFooter(data));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
