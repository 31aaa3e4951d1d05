// The dashboard's sections, in order. Adding a section is one entry here.
import { headline, concentration, tiers, clv, pAlive, model, plan, experts, reference, evaluation, notes } from '../common/sections/index.js';
import { customersLive, alertsLive, accountsLive, repPlan, expertsLive } from './live.js';

export const DASHBOARD_SECTIONS = [headline, customersLive, alertsLive, accountsLive, plan, repPlan, experts, expertsLive, concentration, tiers, clv, pAlive, model, reference, evaluation, notes];
