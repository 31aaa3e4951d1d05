// The live dashboard served by `winnow serve`: headline and charts from api/results,
// live lists from the paged endpoints, a detail panel (customer, account, expert), a token form
// on 401, and a health poll every 30 s that reloads everything when the results change.
// The view follows the URL's hash (hash.js): a shared link opens the same panel or filtered list.
import '../common/style.css';
import './dashboard.css';
import { h, clear } from '../common/dom.js';
import { renderSections } from '../common/sections.js';
import { disposeCharts } from '../common/charts.js';
import { destroyTables } from '../common/table.js';
import { pageHeader, pageFooter } from '../common/page.js';
import { fmtInt, fmtTimestamp } from '../common/format.js';
import { api, getToken, setToken, setUnauthorizedHandler } from './api.js';
import { showTokenForm } from './auth.js';
import { detailPanel, openCustomer, openAccount, openExpert, openPanel, closeCustomer, onPanelChange, usePanelTools, useListLinks, useExpertWeights } from './detail.js';
import { DASHBOARD_SECTIONS } from './sections.js';
import { applyListParams, copyButton, currentListHash, lastList, scrollToList } from './live.js';
import { parseHash, panelHash, replaceHash } from './hash.js';
import { setLocale, t } from './texts.js';
import { useDeclaration } from '../common/sections/columns.js';

const POLL_MS = 30000;
const app = document.getElementById('app') || document.body.appendChild(h('div', { id: 'app' }));
const view = h('div', { class: 'view' });
app.append(view);

let loadedAt = null;
let pollTimer = null;
let status = null;
let current = null; // {results, health} last rendered
const ctx = { openCustomer, openExpert, openAccount };
const OPEN = { customer: openCustomer, account: openAccount, expert: openExpert };

setUnauthorizedHandler((hadToken) => {
  if (hadToken) setToken(null);
  stopPolling();
  showTokenForm(app, { rejected: hadToken, onToken: boot });
});

// The hash follows the panel: #customer=ID while it is open, the last list's view when it closes.
onPanelChange((p) => replaceHash(p ? panelHash(p.kind, p.id) : lastList()));
usePanelTools(() => h('div', { class: 'panel-tools' }, copyButton(() => location.href)));
useListLinks((list, params) => showList(list, new URLSearchParams(params)));

function setStatus(text, kind) {
  if (!status) return;
  status.textContent = text;
  status.className = `status${kind ? ` ${kind}` : ''}`;
}
const statusText = (health) =>
  t('Results of {time} · {n} customers · winnow {version}', { time: fmtTimestamp(health.results_loaded_at), n: fmtInt(health.customers), version: health.version ?? '' });

/** Renders the view; keeps the scroll position and the open panel unless told otherwise. */
function render(results, health, { keepPanel = true, scroll = window.scrollY } = {}) {
  current = { results, health };
  setLocale(results.report || {});
  useDeclaration(results);
  useExpertWeights(results.experts ? results.experts.weights || {} : null);
  const open = keepPanel ? openPanel() : null;
  destroyTables(view);
  disposeCharts(view);
  clear(view);
  status = h('p', { class: 'status', role: 'status' });
  const signOut = getToken() ? h('button', { type: 'button', class: 'btn', onclick: () => (setToken(null), location.reload()) }, t('Forget token')) : null;
  const { header } = pageHeader('winnow dashboard', results, h('div', { class: 'header-side' }, status, copyButton(() => location.href), signOut));
  const nav = header.querySelector('nav');
  const main = h('main', { class: 'wrap', id: 'main' });
  view.append(header, main);
  renderSections(main, DASHBOARD_SECTIONS, results, { nav, ctx });
  view.append(pageFooter(results), detailPanel());
  setStatus(statusText(health));
  window.scrollTo(0, scroll);
  if (open) OPEN[open.kind](open.id);
}

/** Shows a list with the given filters (a link from a panel or a shared URL) and scrolls to it. */
function showList(list, params) {
  applyListParams(list, params);
  if (!current) return;
  closeCustomer();
  render(current.results, current.health, { keepPanel: false });
  replaceHash(currentListHash(list));
  scrollToList(list);
}

/** Restores the view a hash names (a panel or a list); other hashes are left to the browser. */
function followHash() {
  const v = parseHash(location.hash);
  if (!v || !current) return;
  if (v.kind === 'list') showList(v.list, v.params);
  else OPEN[v.kind](v.id);
}
window.addEventListener('hashchange', followHash);

async function boot() {
  stopPolling();
  try {
    const [health, results] = await Promise.all([api('api/health'), api('api/results')]);
    loadedAt = health.results_loaded_at;
    // The first time, a shared link's view: a list's filters before the lists render, a panel after.
    const v = current ? null : parseHash(location.hash);
    if (v?.kind === 'list') applyListParams(v.list, v.params);
    render(results, health);
    if (v?.kind === 'list') scrollToList(v.list);
    else if (v) OPEN[v.kind](v.id);
    schedulePoll();
  } catch (e) {
    if (e.kind === 'auth') return; // the token form is shown
    console.error('winnow: cannot load the dashboard:', e);
    clear(view).append(h('main', { class: 'wrap' }, h('h1', null, t('winnow dashboard')), h('p', { class: 'error' }, t('The results could not be loaded: {message}', { message: e.message }))));
    schedulePoll();
  }
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
}
function schedulePoll() {
  stopPolling();
  pollTimer = setTimeout(poll, POLL_MS);
}
async function poll() {
  try {
    const health = await api('api/health');
    if (health.results_loaded_at !== loadedAt || !status) {
      await boot();
      return;
    }
    setStatus(statusText(health));
  } catch (e) {
    if (e.kind === 'auth') return;
    setStatus(t('Server not reachable ({message}); retrying', { message: e.message }), 'warn');
  }
  schedulePoll();
}

boot();
