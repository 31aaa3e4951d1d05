// The report's sections, in order. Adding a section is one entry here.
import {
  headline,
  concentration,
  tiers,
  clv,
  pAlive,
  model,
  topCustomers,
  alerts,
  keyAccounts,
  accounts,
  account360,
  plan,
  experts,
  reference,
  evaluation,
  notes,
  glossary,
} from '../common/sections/index.js';

// What a key account manager acts on first (headline, alerts, key accounts, accounts), then the
// analysis behind it, then the glossary.
export const REPORT_SECTIONS = [headline, alerts, keyAccounts, topCustomers, accounts, account360, plan, experts, concentration, tiers, clv, pAlive, model, reference, evaluation, notes, glossary];
