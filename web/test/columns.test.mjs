// Unit tests of the web column sets (src/common/sections/columns.js): headings, formats and
// tooltips follow from the declaration results.json carries (in the page's language), a column the
// glossary explains names its entry; a column the declaration does not have, or a results document
// without a declaration, is an error. And the report's CSV export (csv.js).
//   node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnSet, declaredColumns, displayFormat, useDeclaration } from '../src/common/sections/columns.js';
import { fmtCode, fmtDays, modelName } from '../src/common/format.js';
import { setLocale } from '../src/common/i18n.js';
import { toCsv } from '../src/common/sections/csv.js';

// A results document with a declaration in the form src/results/results.cc writes it.
const results = {
  columns: {
    'customers.csv': [
      { name: 'customer_id', type: 'text', unit: 'id', label: 'ID', meaning: "the customer's id" },
      { name: 'key_account', type: 'text', unit: 'code', label: 'Key acct.', meaning: 'why it is a key account' },
      { name: 'value', type: 'number', unit: 'money', label: 'Value', meaning: "as customers.csv's value" },
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
  setLocale({ locale: 'en-US' });
  useDeclaration(results);
  const set = columnSet('customers.csv', [['customer_id', { minWidth: 64 }], 'value', 'p_alive']);
  assert.deepEqual(set, [
    { id: 'customer_id', name: 'ID', format: 'text', tip: "the customer's id", minWidth: 64 },
    { id: 'value', name: 'Value', format: 'money', tip: "as customers.csv's value", glossary: 'value' },
    { id: 'p_alive', name: 'P(alive)', format: 'prob', tip: 'probability that it is active', glossary: 'p-alive' },
  ]);
});

test('in German the headings and tooltips are translated, by the declared English texts', () => {
  setLocale({ locale: 'de-DE' });
  useDeclaration(results);
  const [value, overdue] = columnSet('customers.csv', ['value', 'overdue_ratio']);
  assert.equal(value.name, 'Wert');
  assert.equal(value.tip, 'wie value in customers.csv');
  assert.equal(overdue.name, 'Überfällig ×');
  assert.equal(overdue.tip, 'Tage seit dem letzten Kauf / erwarteter Abstand in Tagen');
  setLocale({ locale: 'en-US' });
});

test('the CSV export: the column names as header, raw values, quoting where needed', () => {
  const columns = [{ id: 'customer_id' }, { id: 'name' }, { id: 'value' }, { id: 'key_account' }];
  const rows = [
    { customer_id: 'C1', name: 'Apotheke am Markt, Görlitz', value: 1234.5, key_account: 'value+upside' },
    { customer_id: 'C2', name: 'Dr. "Kim"', value: null, key_account: '' },
  ];
  assert.equal(toCsv(columns, rows), 'customer_id,name,value,key_account\r\nC1,"Apotheke am Markt, Görlitz",1234.5,value+upside\r\nC2,"Dr. ""Kim""",,\r\n');
});

test('the display format follows from type and unit', () => {
  useDeclaration(results);
  const formats = Object.fromEntries(declaredColumns('customers.csv').map((c) => [c.name, displayFormat(c)]));
  assert.deepEqual(formats, {
    customer_id: 'text',
    key_account: 'code',
    value: 'money',
    p_alive: 'prob',
    share_of_wallet: 'pct',
    frequency: 'int',
    expected_gap_days: 'days',
    overdue_ratio: 'ratio',
    recency: 'num',
    first_purchase: 'date',
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
