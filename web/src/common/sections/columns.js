// Column sets of the tables, shared by the report (rows from results.json) and the
// dashboard (rows from the API), so both show the same columns the same way.
//
// The columns themselves (name, type, unit, label, meaning) are declared once, in
// src/results/columns.h, and results.json carries that declaration under `columns`
// (per file: customers.csv, accounts.csv, alerts.csv, reference_customers.csv, plan.csv,
// rep_plans/REP.csv). A column set here only picks the columns a view shows and how wide they
// are; the heading, the number format, the alignment and the tooltip follow from the declaration.
// Headings and tooltips are shown in the page's language: the declared English label and meaning
// are the keys of i18n's dictionaries; `glossary` names the glossary entry that explains a column
// (the report links its heading there).

import { t } from '../i18n.js';
import { glossaryId } from './glossary_terms.js';

let declared = null;

/** Takes the declaration from a results document (call before rendering the sections). */
export function useDeclaration(results) {
  declared = results?.columns ?? null;
}

/** The declared columns of a file, e.g. declaredColumns('customers.csv'). */
export function declaredColumns(file) {
  const columns = declared?.[file];
  if (!columns) throw new Error(`results.json declares no columns for ${file} (written by an older winnow?)`);
  return columns;
}

/** How a declared column is shown (a format of table.js, format.js's formatters by name). */
export function displayFormat(c) {
  if (c.type === 'date') return 'date';
  if (c.type === 'text') return c.unit === 'code' ? 'code' : 'text';
  if (c.type === 'integer') return 'int';
  return { money: 'money', probability: 'prob', share: 'pct', days: 'days', ratio: 'ratio' }[c.unit] || 'num';
}

/**
 * A column set: the columns `picks` of `file`, in that order. A pick is a column name, or
 * [name, layout] with layout {grow, minWidth, sort: false}.
 */
export function columnSet(file, picks) {
  const columns = declaredColumns(file);
  return picks.map((pick) => {
    const [id, layout] = Array.isArray(pick) ? pick : [pick, {}];
    const c = columns.find((x) => x.name === id);
    if (!c) throw new Error(`${file} has no column ${id}`);
    const glossary = glossaryId(c.name);
    return { id, name: t(c.label), format: displayFormat(c), tip: t(c.meaning), ...(glossary ? { glossary } : {}), ...layout };
  });
}


const ID = { minWidth: 64, grow: 0.5 };
const NAME = { grow: 3, minWidth: 160 };

export const customerColumns = () =>
  columnSet('customers.csv', [
    ['customer_id', ID],
    ['name', NAME],
    ['type', { sort: false, minWidth: 90 }],
    ['region', { sort: false, minWidth: 70 }],
    ['owner', { sort: false, minWidth: 62 }],
    ['tier', { sort: false }],
    ['key_account', { sort: false }],
    'value',
    'clv',
    'referral_value',
    'p_alive',
    'annual_revenue',
    'upside',
  ]);

// The alerts of a group (alerts.csv `group`): at_risk (the default) shows the contact-by date and
// the value to save first, lost the win-back value; 'new' (both groups' new rows) shows the group and
// both. What to act on comes first (money, date), the signals behind it after. `withNew: false`
// leaves out the `new` column (without a previous run nothing is new).
export const alertColumns = ({ group = 'at_risk', withNew = true } = {}) =>
  columnSet('alerts.csv', [
    ['rank', { minWidth: 56, grow: 0.4 }],
    ['customer_id', ID],
    ['name', NAME],
    ...(group === 'new' ? [['group', { minWidth: 80 }]] : []),
    'tier',
    ['owner', { minWidth: 72 }],
    ...(group === 'lost' ? [] : [['contact_by', { minWidth: 96 }], 'value_at_risk']),
    ...(group === 'at_risk' ? [] : ['win_back_value']),
    'value',
    'p_alive',
    'days_since_last',
    'overdue_ratio',
    ['trend', { minWidth: 120 }],
    'order_size_change',
    'gap_change',
    ['reason', { minWidth: 120 }],
    ...(withNew ? [['new', { minWidth: 56 }]] : []),
  ]);

// The key accounts (results.json key_accounts.top: the top customers' columns with key_account).
export const keyAccountColumns = () =>
  columnSet('customers.csv', [
    ['customer_id', ID],
    ['name', NAME],
    ['type', { sort: false, minWidth: 90 }],
    ['owner', { sort: false, minWidth: 62 }],
    ['tier', { sort: false }],
    ['key_account', { sort: false, minWidth: 110 }],
    'value',
    'p_alive',
    'annual_revenue',
    'upside',
  ]);

export const accountColumns = () =>
  columnSet('accounts.csv', [
    ['account_id', ID],
    ['name', NAME],
    ['type', { sort: false, minWidth: 124 }],
    ['region', { sort: false, minWidth: 70 }],
    ['owner', { sort: false, minWidth: 62 }],
    'level',
    'customers',
    'value',
    'potential',
    'share_of_wallet',
    'upside',
    'value_at_risk',
    'alerts',
    'lost',
  ]);

export const referenceColumns = () =>
  columnSet('reference_customers.csv', [
    ['segment', { grow: 1.6, minWidth: 150 }],
    'rank',
    'customer_id',
    ['name', NAME],
    'tier',
    ['owner', { minWidth: 72 }],
    'p_alive',
    'tenure_days',
    'purchases',
    'gap_cv',
    'revenue_per_year',
    'segment_median_revenue_per_year',
    'distance',
  ]);

// The effort plan: a rep's work list (plan.csv through /api/plan), and the customers the plan
// serves less or more than today (results.json plan.served_less/served_more; their names are
// declared with rep_plans/REP.csv, the rest with plan.csv).
export const planColumns = () =>
  columnSet('plan.csv', [
    ['customer_id', ID],
    ['tier', { sort: false }],
    'contacts',
    'expected_gain',
    'next_contact_gain',
    'current_contacts',
    'even_contacts',
    'stake',
    ['reason', { grow: 3, minWidth: 200, sort: false }],
  ]);

export const servedColumns = () => [
  ...columnSet('plan.csv', [['customer_id', ID]]),
  ...columnSet('rep_plans/REP.csv', [['name', NAME]]),
  ...columnSet('plan.csv', [['rep_id', { minWidth: 62 }], 'tier', 'current_contacts', 'contacts', ['reason', { grow: 3, minWidth: 200 }]]),
];

// The experts (experts.csv through /api/experts, and results.json experts.top with the same columns).
export const expertColumns = ({ explanation = true } = {}) =>
  columnSet('experts.csv', [
    ['expert_id', ID],
    ['name', { grow: 2, minWidth: 140 }],
    ['specialty', { sort: false, minWidth: 100 }],
    ['country', { sort: false, minWidth: 64 }],
    ['tier', { sort: false, minWidth: 72 }],
    ['rising_star', { sort: false, minWidth: 60 }],
    'trials',
    'publications',
    'talks',
    'committees',
    'congress',
    'multiplier',
    'total_score',
    ...(explanation ? [['explanation', { grow: 4, minWidth: 240, sort: false }]] : []),
  ]);
