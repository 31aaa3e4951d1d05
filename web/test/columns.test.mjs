// Unit tests of the web column sets (src/common/sections/columns.js): headings, formats and
// tooltips follow from the declaration results.json carries; a column the declaration does not
// have, or a results document without a declaration, is an error.
//   node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnSet, declaredColumns, displayFormat, useDeclaration } from '../src/common/sections/columns.js';
import { fmtCode, fmtDays, modelName } from '../src/common/format.js';

// A results document with a declaration in the form src/results/results.cc writes it.
const results = {
  columns: {
    'customers.csv': [
      { name: 'customer_id', type: 'text', unit: 'id', label: 'ID', meaning: "the customer's id" },
      { name: 'key_account', type: 'text', unit: 'code', label: 'Key acct.', meaning: 'why it is a key account' },
      { name: 'total_value', type: 'number', unit: 'money', label: 'Total value', meaning: 'clv + referral_value' },
      { name: 'p_alive', type: 'number', unit: 'probability', label: 'P(alive)', meaning: 'probability that it is active' },
      { name: 'share_of_wallet', type: 'number', unit: 'share', label: 'Wallet share', meaning: 'annual_revenue / potential' },
      { name: 'frequency', type: 'integer', unit: 'count', label: 'Repeat purchases', meaning: 'repeat purchases' },
      { name: 'expected_gap_days', type: 'number', unit: 'days', label: 'Expected gap', meaning: 'days between purchases' },
      { name: 'overdue_ratio', type: 'number', unit: 'ratio', label: 'Overdue ×', meaning: 'days_since_last / expected_gap_days' },
      { name: 'recency', type: 'number', unit: 'time_units', label: 'Recency', meaning: 'first to last purchase' },
      { name: 'first_purchase', type: 'date', unit: 'none', label: 'First', meaning: 'day of the first purchase' },
    ],
  },
};

test('a column set takes headings, formats and tooltips from the declaration', () => {
  useDeclaration(results);
  const set = columnSet('customers.csv', [['customer_id', { minWidth: 64 }], 'total_value', 'p_alive']);
  assert.deepEqual(set, [
    { id: 'customer_id', name: 'ID', format: 'text', tip: "the customer's id", minWidth: 64 },
    { id: 'total_value', name: 'Total value', format: 'money', tip: 'clv + referral_value' },
    { id: 'p_alive', name: 'P(alive)', format: 'prob', tip: 'probability that it is active' },
  ]);
});

test('the display format follows from type and unit', () => {
  useDeclaration(results);
  const formats = Object.fromEntries(declaredColumns('customers.csv').map((c) => [c.name, displayFormat(c)]));
  assert.deepEqual(formats, {
    customer_id: 'text',
    key_account: 'code',
    total_value: 'money',
    p_alive: 'prob',
    share_of_wallet: 'pct',
    frequency: 'int',
    expected_gap_days: 'days',
    overdue_ratio: 'ratio',
    recency: 'num',
    first_purchase: 'text',
  });
});

test('a column the declaration does not have is an error', () => {
  useDeclaration(results);
  assert.throws(() => columnSet('customers.csv', ['customer_id', 'no_such_column']), /customers\.csv has no column no_such_column/);
});

test('results without a declaration are an error, not an empty table', () => {
  useDeclaration({});
  assert.throws(() => columnSet('customers.csv', ['customer_id']), /results\.json declares no columns for customers\.csv/);
  useDeclaration(results);
  assert.throws(() => columnSet('alerts.csv', ['customer_id']), /declares no columns for alerts\.csv/);
});

test('codes and days read as words and numbers', () => {
  assert.equal(fmtCode('value+upside'), 'value + upside');
  assert.equal(fmtCode('low_p_alive+overdue'), 'low P(alive) + overdue');
  assert.equal(fmtCode(true), 'yes');
  assert.equal(fmtCode(false), '');
  assert.equal(fmtCode(''), '');
  assert.equal(fmtDays(12), '12');
  assert.equal(fmtDays(37.46), '37.5');
  assert.equal(fmtDays(null), '–');
});

test('model names carry the titles results.json takes from the registry', () => {
  const titles = { bgnbd: 'BG/NBD (Fader, Hardie & Lee 2005)' };
  assert.equal(modelName('bgnbd', titles), 'BG/NBD (Fader, Hardie & Lee 2005) [bgnbd]');
  assert.equal(modelName('pnbd', titles), 'pnbd');
  assert.equal(modelName('pnbd', undefined), 'pnbd');
});
