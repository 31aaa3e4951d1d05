// The dashboard's sections, in order: what a key account manager acts on first (the alerts), then
// the customers and accounts, then the analysis behind them. Adding a section is one entry here.
import { defineSection } from '../common/sections.js';
import { headline, concentration, tiers, clv, pAlive, model, keyAccounts, plan, experts, reference, evaluation, notes, glossary } from '../common/sections/index.js';
import { customersLive, alertsLive, accountsLive, repPlan, expertsLive, staticListTools } from './live.js';

// The reference customers as the report shows them, with the CSV export of /api/reference (like
// the other lists of the dashboard, the server's whole list; it replaces the report's export of
// the rows in the page).
const referenceWithExport = defineSection({
  ...reference,
  render(el, d, ctx) {
    el.append(staticListTools('api/reference', 'reference_customers.csv'));
    reference.render(el, d, ctx);
    for (const b of el.querySelectorAll('button.csv-export')) b.remove();
  },
});

export const DASHBOARD_SECTIONS = [headline, alertsLive, keyAccounts, customersLive, accountsLive, plan, repPlan, experts, expertsLive, concentration, tiers, clv, pAlive, model, referenceWithExport, evaluation, notes, glossary];
