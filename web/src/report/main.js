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
import { accountAnchor } from '../common/sections/account360.js';

function readResults() {
  const el = document.getElementById('winnow-results');
  if (!el) throw new Error('no <script id="winnow-results"> in the page');
  return JSON.parse(el.textContent);
}

/**
 * Lets the charts (ECharts' SVG, drawn at the screen's width) scale to the printed page: each
 * chart's <svg> gets a viewBox of its own size, kept up to date as ECharts resizes it, so the
 * print stylesheet can set its width to 100 % of the A4 column without cutting it off.
 */
function scalableCharts(root) {
  const fit = (svg) => {
    const w = Number(svg.getAttribute('width'));
    const hgt = Number(svg.getAttribute('height'));
    if (w > 0 && hgt > 0) {
      const box = `0 0 ${w} ${hgt}`;
      if (svg.getAttribute('viewBox') !== box) svg.setAttribute('viewBox', box);
    }
  };
  const fitAll = () => root.querySelectorAll('.chart svg').forEach(fit);
  new MutationObserver(fitAll).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['width', 'height', 'data-rendered'] });
  fitAll();
}

/** A shareable link scrolls to its place: #alerts?group=lost, #account=P001, #s-<section>. */
function followLink() {
  const hash = decodeURIComponent(location.hash || '');
  let target = null;
  const account = /^#account=(.+)$/.exec(hash);
  if (account) target = document.getElementById(accountAnchor(account[1])) || document.getElementById('s-accounts');
  else if (/^#alerts(\?|$)/.test(hash)) target = document.getElementById('s-alerts');
  else if (/^#customer=/.test(hash)) target = document.getElementById('s-top-customers');
  if (target) target.scrollIntoView();
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
  scalableCharts(app);
  followLink();
  window.addEventListener('hashchange', followLink);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
