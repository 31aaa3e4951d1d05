// The live dashboard served by `winnow serve`: headline and charts from api/results,
// live lists from the paged endpoints, a customer detail panel, a token form on 401,
// and a health poll every 30 s that reloads everything when the results change.
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
import { detailPanel, openCustomer, openExpert, useExpertWeights } from './detail.js';
import { DASHBOARD_SECTIONS } from './sections.js';
import { useDeclaration } from '../common/sections/columns.js';

const POLL_MS = 30000;
const app = document.getElementById('app') || document.body.appendChild(h('div', { id: 'app' }));
const view = h('div', { class: 'view' });
app.append(view);

let loadedAt = null;
let pollTimer = null;
let status = null;
const ctx = { openCustomer, openExpert };

setUnauthorizedHandler((hadToken) => {
  if (hadToken) setToken(null);
  stopPolling();
  showTokenForm(app, { rejected: hadToken, onToken: boot });
});

function setStatus(text, kind) {
  if (!status) return;
  status.textContent = text;
  status.className = `status${kind ? ` ${kind}` : ''}`;
}

function render(results, health) {
  useDeclaration(results);
  useExpertWeights(results.experts ? results.experts.weights || {} : null);
  const scroll = window.scrollY;
  const openId = document.getElementById('customer-detail')?.dataset.customerId;
  const openExpertId = document.getElementById('customer-detail')?.dataset.expertId;
  destroyTables(view);
  disposeCharts(view);
  clear(view);
  status = h('p', { class: 'status', role: 'status' });
  const signOut = getToken() ? h('button', { type: 'button', class: 'btn', onclick: () => (setToken(null), location.reload()) }, 'Forget token') : null;
  const { header } = pageHeader('winnow dashboard', results, h('div', { class: 'header-side' }, status, signOut));
  const nav = header.querySelector('nav');
  const main = h('main', { class: 'wrap', id: 'main' });
  view.append(header, main);
  renderSections(main, DASHBOARD_SECTIONS, results, { nav, ctx });
  view.append(pageFooter(results), detailPanel());
  setStatus(`Results of ${fmtTimestamp(health.results_loaded_at)} · ${fmtInt(health.customers)} customers · winnow ${health.version ?? ''}`);
  window.scrollTo(0, scroll);
  if (openId) openCustomer(openId);
  else if (openExpertId && results.experts) openExpert(openExpertId);
}

async function boot() {
  stopPolling();
  try {
    const [health, results] = await Promise.all([api('api/health'), api('api/results')]);
    loadedAt = health.results_loaded_at;
    render(results, health);
    schedulePoll();
  } catch (e) {
    if (e.kind === 'auth') return; // the token form is shown
    console.error('winnow: cannot load the dashboard:', e);
    clear(view).append(h('main', { class: 'wrap' }, h('h1', null, 'winnow dashboard'), h('p', { class: 'error' }, `The results could not be loaded: ${e.message}`)));
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
    setStatus(`Results of ${fmtTimestamp(health.results_loaded_at)} · ${fmtInt(health.customers)} customers · winnow ${health.version ?? ''}`);
  } catch (e) {
    if (e.kind === 'auth') return;
    setStatus(`Server not reachable (${e.message}); retrying`, 'warn');
  }
  schedulePoll();
}

boot();
