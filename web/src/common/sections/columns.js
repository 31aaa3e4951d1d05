// Column sets of the tables, shared by the report (rows from results.json) and the
// dashboard (rows from the API), so both show the same columns the same way.

export const CUSTOMER_COLUMNS = [
  { id: 'customer_id', name: 'ID', minWidth: 64, grow: 0.5 },
  { id: 'name', name: 'Name', grow: 3, minWidth: 160 },
  { id: 'type', name: 'Type', sort: false, minWidth: 90 },
  { id: 'region', name: 'Region', sort: false, minWidth: 70 },
  { id: 'owner', name: 'Owner', sort: false, minWidth: 62 },
  { id: 'tier', name: 'Tier', sort: false },
  { id: 'key_account', name: 'Key acct.', format: 'key', sort: false },
  { id: 'total_value', name: 'Total value', format: 'money' },
  { id: 'clv', name: 'CLV', format: 'money' },
  { id: 'referral_value', name: 'Referral', format: 'money' },
  { id: 'p_alive', name: 'P(alive)', format: 'prob' },
  { id: 'annual_revenue', name: 'Annual rev.', format: 'money' },
  { id: 'upside', name: 'Upside', format: 'money' },
];

export const ALERT_COLUMNS = [
  { id: 'customer_id', name: 'ID', minWidth: 64, grow: 0.5 },
  { id: 'name', name: 'Name', grow: 3, minWidth: 160 },
  { id: 'tier', name: 'Tier' },
  { id: 'region', name: 'Region', minWidth: 70 },
  { id: 'owner', name: 'Owner', minWidth: 72 },
  { id: 'reason', name: 'Reason', format: 'reason' },
  { id: 'p_alive', name: 'P(alive)', format: 'prob' },
  { id: 'days_since_last', name: 'Days since', format: 'int' },
  { id: 'expected_gap_days', name: 'Expected gap', format: 'ratio' },
  { id: 'overdue_ratio', name: 'Overdue ×', format: 'ratio' },
  { id: 'total_value', name: 'Total value', format: 'money' },
  { id: 'value_at_risk', name: 'Value at risk', format: 'money' },
];

export const ACCOUNT_COLUMNS = [
  { id: 'account_id', name: 'ID', minWidth: 64, grow: 0.5 },
  { id: 'name', name: 'Name', grow: 3, minWidth: 160 },
  { id: 'type', name: 'Type', sort: false, minWidth: 124 },
  { id: 'region', name: 'Region', sort: false, minWidth: 70 },
  { id: 'owner', name: 'Owner', sort: false, minWidth: 62 },
  { id: 'level', name: 'Level', format: 'int' },
  { id: 'customers', name: 'Customers', format: 'int' },
  { id: 'total_value', name: 'Total value', format: 'money' },
  { id: 'potential', name: 'Potential', format: 'money' },
  { id: 'share_of_wallet', name: 'Wallet share', format: 'pct' },
  { id: 'upside', name: 'Upside', format: 'money' },
  { id: 'value_at_risk', name: 'At risk', format: 'money' },
  { id: 'alerts', name: 'Alerts', format: 'int' },
];

export const REFERENCE_COLUMNS = [
  { id: 'segment', name: 'Segment', grow: 1.6, minWidth: 150 },
  { id: 'rank', name: 'Rank', format: 'int' },
  { id: 'customer_id', name: 'ID' },
  { id: 'name', name: 'Name', grow: 3, minWidth: 160 },
  { id: 'tier', name: 'Tier' },
  { id: 'owner', name: 'Owner', minWidth: 72 },
  { id: 'p_alive', name: 'P(alive)', format: 'prob' },
  { id: 'tenure_days', name: 'Tenure (d)', format: 'int' },
  { id: 'purchases', name: 'Purchases', format: 'int' },
  { id: 'gap_cv', name: 'Gap CV', format: 'num' },
  { id: 'revenue_per_year', name: 'Rev. / year', format: 'money' },
  { id: 'segment_median_revenue_per_year', name: 'Seg. median', format: 'money' },
  { id: 'distance', name: 'Distance', format: 'num' },
];

/** Moves column `id` to the front (row clicks read the first cell as the id). */
export function idFirst(columns, id) {
  const i = columns.findIndex((c) => c.id === id);
  return i <= 0 ? columns : [columns[i], ...columns.slice(0, i), ...columns.slice(i + 1)];
}
