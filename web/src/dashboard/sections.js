// The dashboard's sections, in order. Adding a section is one entry here.
import { defineSection } from '../common/sections.js';
import { headline, concentration, tiers, clv, pAlive, model, plan, experts, reference, evaluation, notes } from '../common/sections/index.js';
import { customersLive, alertsLive, accountsLive, repPlan, expertsLive, staticListTools } from './live.js';

// The reference customers as the report shows them, with the CSV export of /api/reference.
const referenceWithExport = defineSection({
  ...reference,
  render(el, d, ctx) {
    el.append(staticListTools('api/reference', 'reference_customers.csv'));
    return reference.render(el, d, ctx);
  },
});

export const DASHBOARD_SECTIONS = [headline, customersLive, alertsLive, accountsLive, plan, repPlan, experts, expertsLive, concentration, tiers, clv, pAlive, model, referenceWithExport, evaluation, notes];
