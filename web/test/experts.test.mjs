// Unit tests of the experts' views (src/common/experts.js, the experts chart of charts.js and the
// experts' column set): tiers, weights, each criterion's part of the total, the score histogram and
// the chart of the ten strongest, from an `experts` section in the shape results.json carries it.
//   node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRITERIA, criteriaRows, isRising, methodText, scoreHistogram, tierRows, topCriteria, weightsText } from '../src/common/experts.js';
import { expertCriteriaOption } from '../src/common/charts.js';
import { expertColumns, useDeclaration } from '../src/common/sections/columns.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ${b}`);

const row = (id, name, scores, total, tier, rising = '') => ({
  expert_id: id, name, specialty: 'oncology', institution: 'Charité', country: 'DE', customer_id: '',
  trials: scores[0], publications: scores[1], talks: scores[2], committees: scores[3], congress: scores[4], multiplier: scores[5],
  pagerank: 0.01, total_score: total, tier, rising_star: rising, explanation: `${name}: principal investigator in 3 phase III trials since 2022`,
});

// An experts section as `winnow run` writes it (issue 13), small; the tiers out of order.
const experts = {
  experts: 20, as_of_year: 2026, half_life_years: 4, compare_within: 'specialty',
  weights: { trials: 0.25, publications: 0.2, talks: 0.15, committees: 0.15, congress: 0.1, multiplier: 0.15 },
  damping: 0.85,
  tiers: [{ tier: 'local', experts: 10 }, { tier: 'global', experts: 2 }, { tier: 'regional', experts: 5 }, { tier: 'national', experts: 3 }],
  rising_stars: 2,
  network: { edges: 40, iterations: 31 },
  top: [
    row('e1', 'Ada Lind', [100, 80, 60, 40, 20, 0], 58, 'global'),
    row('e2', 'Ben Roth', [0, 0, 0, 0, 0, 100], 15, 'national', 'yes'),
    row('e3', 'Cleo Maas', [0, 0, 0, 0, 0, 0], 0, 'local'),
  ],
};

test('tiers come in the order global, national, regional, local, with their shares', () => {
  const rows = tierRows(experts);
  assert.deepEqual(rows.map((r) => r.tier), ['global', 'national', 'regional', 'local']);
  assert.deepEqual(rows.map((r) => r.experts), [2, 3, 5, 10]);
  close(rows[0].share, 0.1);
  close(rows[3].share, 0.5);
  assert.deepEqual(tierRows({}), []);
  assert.equal(tierRows({ tiers: [{ tier: 'global', experts: 0 }] })[0].share, null);
});

test('the weights in words, largest first, as shares of their sum', () => {
  assert.equal(weightsText(experts), 'trials 25 %, publications 20 %, talks 15 %, committees 15 %, multiplier 15 %, congress 10 %');
  // Weights that do not sum to 1 are shown as their shares.
  assert.equal(weightsText({ weights: { trials: 2, talks: 2 } }), 'trials 50 %, talks 50 %');
  assert.equal(weightsText({ weights: {} }), '');
  assert.equal(weightsText({ weights: { trials: 0 } }), '');
  const method = methodText(experts);
  assert.match(method, /within the specialty/);
  assert.match(method, /half after 4 years \(as of 2026\)/);
  assert.match(method, /damping 0\.85 on 40 links/);
  assert.match(method, /the total weighs trials 25 %/);
  assert.equal(methodText({}), '');
});

test('each criterion adds weight × score to the total, largest part first', () => {
  const rows = criteriaRows(experts.top[0], experts.weights);
  assert.deepEqual(rows.map((r) => r.id), ['trials', 'publications', 'talks', 'committees', 'congress', 'multiplier']);
  close(rows[0].contribution, 25);
  close(rows[1].contribution, 16);
  close(rows[5].contribution, 0);
  // The parts sum to the weighted mean of the six scores.
  close(rows.reduce((s, r) => s + r.contribution, 0), 25 + 16 + 9 + 6 + 2);
  // Ties keep the order of experts.csv; a missing score has no part and goes last.
  const partial = criteriaRows({ trials: 50, publications: 0, talks: 50, committees: null, congress: 0, multiplier: 0 }, { trials: 1, publications: 1, talks: 1, committees: 1, congress: 1, multiplier: 1 });
  assert.deepEqual(partial.map((r) => r.id), ['trials', 'talks', 'publications', 'congress', 'multiplier', 'committees']);
  close(partial[0].contribution, 50 / 6);
  assert.equal(partial[5].score, null);
  assert.equal(partial[5].contribution, null);
  // Without weights: the scores, no parts.
  const bare = criteriaRows(experts.top[1], null);
  assert.equal(bare.length, CRITERIA.length);
  assert.ok(bare.every((r) => r.weight === null && r.contribution === null));
  assert.equal(bare.find((r) => r.id === 'multiplier').score, 100);
});

test('the histogram of total scores puts 100 in the last bin and skips missing totals', () => {
  const bins = scoreHistogram([{ total_score: 0 }, { total_score: 9.99 }, { total_score: 10 }, { total_score: 100 }, { total_score: null }, {}]);
  assert.equal(bins.length, 10);
  assert.deepEqual(bins.map((b) => b.experts), [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual([bins[9].from, bins[9].to], [90, 100]);
  assert.equal(scoreHistogram([], 25).length, 4);
});

test('rising stars are marked yes', () => {
  assert.deepEqual(experts.top.filter(isRising).map((r) => r.expert_id), ['e2']);
  assert.equal(isRising({ rising_star: '' }), false);
  assert.equal(isRising(null), false);
});

test('the chart of the strongest stacks the weighted criteria, so a bar is the total', () => {
  const { names, series } = topCriteria(experts, 2);
  assert.deepEqual(names, ['Ada Lind', 'Ben Roth']);
  assert.deepEqual(series.map((s) => s.id), CRITERIA.map((c) => c.id));
  assert.deepEqual(series[0].data, [100, 0]);
  const option = expertCriteriaOption(experts);
  assert.deepEqual(option.yAxis.data, ['Ada Lind', 'Ben Roth', 'Cleo Maas']);
  assert.equal(option.series.length, 6);
  assert.ok(option.series.every((s) => s.stack === 'total' && s.type === 'bar'));
  for (let i = 0; i < 3; i++) close(option.series.reduce((s, x) => s + x.data[i], 0), experts.top[i].total_score, 1e-9);
  assert.match(option.tooltip.formatter([{ dataIndex: 0 }]), /^Ada Lind<br>Trials: 100 \(weighted 25/);
  // More than ten experts: the ten first.
  const many = { ...experts, top: Array.from({ length: 14 }, (_, i) => row(`x${i}`, `X ${i}`, [i, i, i, i, i, i], i, 'local')) };
  assert.equal(expertCriteriaOption(many).yAxis.data.length, 10);
  // Without weights: equal shares.
  const equal = expertCriteriaOption({ top: [experts.top[0]] });
  close(equal.series.reduce((s, x) => s + x.data[0], 0), 50);
});

test('the experts columns follow the declaration of experts.csv', () => {
  const names = ['expert_id', 'name', 'specialty', 'institution', 'country', 'customer_id', 'trials', 'publications', 'talks', 'committees', 'congress', 'multiplier', 'pagerank', 'total_score', 'tier', 'rising_star', 'explanation'];
  const declared = names.map((name) => ({
    name,
    type: ['trials', 'publications', 'talks', 'committees', 'congress', 'multiplier', 'pagerank', 'total_score'].includes(name) ? 'number' : 'text',
    unit: name === 'pagerank' ? 'share' : ['tier', 'rising_star'].includes(name) ? 'code' : 'none',
    label: `L:${name}`,
    meaning: `M:${name}`,
  }));
  useDeclaration({ columns: { 'experts.csv': declared } });
  const columns = expertColumns();
  assert.deepEqual(columns.map((c) => c.id), ['expert_id', 'name', 'specialty', 'country', 'tier', 'rising_star', ...CRITERIA.map((c) => c.id), 'total_score', 'explanation']);
  assert.equal(columns.find((c) => c.id === 'tier').format, 'code');
  assert.equal(columns.find((c) => c.id === 'total_score').format, 'num');
  assert.equal(columns.find((c) => c.id === 'trials').name, 'L:trials');
  assert.equal(columns.find((c) => c.id === 'explanation').tip, 'M:explanation');
  assert.ok(!expertColumns({ explanation: false }).some((c) => c.id === 'explanation'));
  // A results document without experts.csv declared is an error.
  useDeclaration({ columns: {} });
  assert.throws(() => expertColumns(), /declares no columns for experts.csv/);
});
