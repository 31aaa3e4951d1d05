// The report's sections, in order. Adding a section is one entry here.
import { headline, concentration, tiers, clv, pAlive, model, topCustomers, alerts, accounts, plan, experts, reference, evaluation, notes } from '../common/sections/index.js';

export const REPORT_SECTIONS = [headline, concentration, tiers, clv, pAlive, model, topCustomers, alerts, accounts, plan, experts, reference, evaluation, notes];
