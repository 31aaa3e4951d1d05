// ECharts set-up and the chart builders shared by the report and the dashboard.
// Only the charts and components used here are imported (ESM entry points), so the
// bundles stay small. Each builder turns a part of results.json into an ECharts option;
// mountChart() puts it on the page and marks the container data-rendered="true" once
// ECharts reports the 'finished' event (the browser test waits for that).

import { use, init } from 'echarts/core';
import { LineChart, BarChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  MarkLineComponent,
  MarkAreaComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { h } from './dom.js';
import { addTexts, hasText, t } from './i18n.js';
import { esc, fmtCompact, fmtInt, fmtMoney, fmtNum, fmtPct, toNum } from './format.js';
import { contactsSpan, curvePoints, lift } from './plan.js';
import { topCriteria } from './experts.js';

use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendPlainComponent, MarkLineComponent, MarkAreaComponent, VisualMapContinuousComponent, SVGRenderer]);

export const COLORS = {
  primary: '#2f5d8a',
  secondary: '#c7822b',
  tertiary: '#5b8c5a',
  muted: '#8a9099',
  danger: '#b0413e',
  grid: '#e4e7eb',
  text: '#1f2933',
  subtle: '#52606d',
};
// Light tints for tier bands, first tier darkest.
const TIER_OPACITY = [0.16, 0.08, 0.03, 0.015];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const live = new Set();

// Texts: the English text is the key, shown through i18n's t() in the page's language; the
// charts' German texts are CHART_TEXTS below.
const tr = t;

/**
 * Creates <div class="chart" data-chart=name> in container and renders option into it.
 * Returns the ECharts instance, which the element also carries as `echarts` (the browser test
 * reads the chart's option and positions through it).
 */
export function mountChart(container, name, option, { height = 320, label } = {}) {
  const el = h('div', { class: 'chart', 'data-chart': name, role: 'img', 'aria-label': label || name, style: `height:${height}px` });
  container.append(el);
  const chart = init(el, null, { renderer: 'svg' });
  Object.defineProperty(el, 'echarts', { value: chart, configurable: true });
  chart.on('finished', () => el.setAttribute('data-rendered', 'true'));
  chart.setOption({
    color: [COLORS.primary, COLORS.secondary, COLORS.tertiary, COLORS.muted, COLORS.danger],
    textStyle: { fontFamily: FONT, color: COLORS.text },
    animationDuration: 400,
    animationDurationUpdate: 300,
    ...option,
  });
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : null;
  if (ro) ro.observe(el);
  const entry = { el, chart, ro };
  live.add(entry);
  return chart;
}

/** Disposes the charts inside root (or all), e.g. before re-rendering a view. */
export function disposeCharts(root) {
  for (const entry of [...live]) {
    if (!root || root.contains(entry.el)) {
      entry.ro?.disconnect();
      entry.chart.dispose();
      live.delete(entry);
    }
  }
}

const axisName = (name) => ({ name, nameLocation: 'middle', nameTextStyle: { color: COLORS.subtle } });
const pctAxis = { formatter: (v) => `${Math.round(v * 100)} %` };
const splitLine = { lineStyle: { color: COLORS.grid } };
const tooltipBase = { confine: true, textStyle: { fontFamily: FONT, fontSize: 12 } };

function tierBands(results) {
  let cumC = 0;
  let cumV = 0;
  return (results.tiers || []).map((t, i) => {
    const from = cumC;
    cumC += toNum(t.customer_share) || 0;
    cumV += toNum(t.value_share) || 0;
    return { tier: t.tier, from, to: Math.min(cumC, 1), value: Math.min(cumV, 1), index: i, t };
  });
}

/** Lorenz / concentration curve with the tier bands and cuts. */
export function concentrationOption(results) {
  const curve = results.concentration?.curve || [];
  const bands = tierBands(results);
  const cuts = results.settings?.tier_cuts || [];
  const top20 = toNum(results.headline?.top20_share);
  const held = tr('Value held');
  const equal = tr('Equal shares');
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 56 },
    legend: { top: 0, right: 0, data: [held, equal] },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (ps) => {
        const p = ps.find((x) => x.seriesName === held);
        if (!p) return '';
        const [x, y] = p.value;
        return esc(tr('The top {share} of customers hold {value} of the value', { share: fmtPct(x, 0), value: fmtPct(y) }));
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, ...axisName(tr('share of customers, most valuable first')), nameGap: 30, axisLabel: pctAxis, splitLine },
    yAxis: { type: 'value', min: 0, max: 1, ...axisName(tr('share of total value')), nameGap: 46, axisLabel: pctAxis, splitLine },
    series: [
      {
        name: held,
        type: 'line',
        data: curve,
        showSymbol: false,
        lineStyle: { width: 2.5 },
        markArea: {
          silent: true,
          label: { position: 'insideBottom', color: COLORS.subtle, fontSize: 12, lineHeight: 16, distance: 10 },
          data: bands.map((b) => [
            { xAxis: b.from, name: tr('Tier {tier}\n{share} of customers', { tier: b.tier, share: fmtPct(b.to - b.from, 0) }), itemStyle: { color: COLORS.primary, opacity: TIER_OPACITY[Math.min(b.index, TIER_OPACITY.length - 1)] } },
            { xAxis: b.to },
          ]),
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: COLORS.muted },
          label: { color: COLORS.subtle, fontSize: 11 },
          data: [
            ...cuts.map((c) => ({ yAxis: c, label: { formatter: tr('cut at {share} of value', { share: fmtPct(c, 0) }), position: 'insideEndTop' } })),
            ...(top20 !== null ? [{ xAxis: 0.2, label: { formatter: tr('top 20 %: {share}', { share: fmtPct(top20, 0) }), position: 'end' } }] : []),
          ],
        },
      },
      { name: equal, type: 'line', data: [[0, 0], [1, 1]], showSymbol: false, silent: true, lineStyle: { type: 'dotted', color: COLORS.muted, width: 1.5 }, itemStyle: { color: COLORS.muted } },
    ],
  };
}

/** CLV histogram over log-spaced bins: customers per bin and the value they hold. */
export function clvDistributionOption(results) {
  const d = results.clv_distribution || {};
  const edges = d.edges || [];
  const counts = d.counts || [];
  const sums = d.sums || [];
  const labels = counts.map((_, i) => `${fmtCompact(edges[i])}–${fmtCompact(edges[i + 1])}`);
  const series = [{ name: tr('Customers'), type: 'bar', data: counts, barCategoryGap: '12%', itemStyle: { color: COLORS.primary } }];
  if (sums.length) series.push({ name: tr('CLV in the bin'), type: 'line', yAxisIndex: 1, data: sums, symbolSize: 5, itemStyle: { color: COLORS.secondary } });
  return {
    grid: { left: 64, right: 72, top: 36, bottom: 72 },
    legend: { top: 0, right: 0 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (ps) => {
        const i = ps[0].dataIndex;
        const lines = [tr('CLV {from} to {to}', { from: fmtMoney(edges[i]), to: fmtMoney(edges[i + 1]) }), tr('{n} customers', { n: fmtInt(counts[i]) })];
        if (sums.length) lines.push(tr('CLV in the bin: {value}', { value: fmtMoney(sums[i]) }));
        return lines.map(esc).join('<br>');
      },
    },
    xAxis: { type: 'category', data: labels, ...axisName(tr('CLV (log-spaced bins)')), nameGap: 56, axisLabel: { rotate: 40, fontSize: 10, interval: 1 } },
    yAxis: [
      { type: 'value', ...axisName(tr('customers')), nameGap: 46, splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
      { type: 'value', ...axisName(tr('CLV in the bin')), nameGap: 52, splitLine: { show: false }, axisLabel: { formatter: (v) => fmtCompact(v) } },
    ],
    series,
  };
}

/** Mean P(alive) by frequency (rows) and recency as a share of T (columns); -1 = no customers. */
export function pAliveOption(results) {
  const m = results.p_alive_heatmap || {};
  const xs = m.recency_labels || [];
  const ys = m.frequency_labels || [];
  const data = [];
  (m.mean_p_alive || []).forEach((row, yi) =>
    row.forEach((v, xi) => {
      if (toNum(v) !== null && v >= 0) data.push([xi, yi, Math.round(v * 1000) / 1000]);
    }),
  );
  const counts = m.customers || [];
  return {
    grid: { left: 72, right: 24, top: 12, bottom: 96 },
    tooltip: {
      ...tooltipBase,
      formatter: (p) => {
        const [xi, yi, v] = p.value;
        const n = counts[yi]?.[xi];
        const lines = [tr('Frequency {f}, recency {r} of T', { f: ys[yi], r: xs[xi] }), tr('mean P(alive) {p}', { p: fmtNum(v, 3) })];
        if (n !== undefined) lines.push(tr('{n} customers', { n: fmtInt(n) }));
        return lines.map(esc).join('<br>');
      },
    },
    xAxis: { type: 'category', data: xs, ...axisName(tr(m.columns || 'recency as a share of T')), nameGap: 28, splitArea: { show: false } },
    yAxis: { type: 'category', data: ys, ...axisName(tr(m.rows || 'frequency')), nameGap: 52 },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 12,
      itemHeight: 180,
      text: [`${tr('P(alive)')} 1`, '0'],
      inRange: { color: ['#b0413e', '#f1e7d8', '#2f5d8a'] },
    },
    series: [
      {
        name: tr('mean P(alive)'),
        type: 'heatmap',
        data,
        label: { show: true, fontSize: 11, formatter: (p) => fmtNum(p.value[2], 2) },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: COLORS.text } },
      },
    ],
  };
}

/** Repeat purchases per period (or cumulative): actual against the model, holdout shaded. */
export function trackingOption(results, { cumulative = false } = {}) {
  const rows = results.model?.validation?.tracking || [];
  const a = cumulative ? 'actual_cumulative' : 'actual';
  const p = cumulative ? 'predicted_cumulative' : 'predicted';
  const dates = rows.map((t) => t.start ?? String(t.period));
  const hold = rows.filter((t) => t.holdout);
  const markArea = hold.length
    ? {
        silent: true,
        itemStyle: { color: 'rgba(199,130,43,0.08)' },
        label: { color: COLORS.subtle, position: 'insideTop' },
        data: [[{ xAxis: hold[0].start ?? String(hold[0].period), name: tr('holdout') }, { xAxis: hold[hold.length - 1].start ?? String(hold[hold.length - 1].period) }]],
      }
    : undefined;
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    legend: { top: 0, right: 0 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      valueFormatter: (v) => fmtNum(v, cumulative ? 0 : 1),
    },
    xAxis: { type: 'category', data: dates, boundaryGap: false, ...axisName(tr('period start')), nameGap: 30, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', ...axisName(tr(cumulative ? 'cumulative repeat purchases' : 'repeat purchases per period')), nameGap: 48, splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
    series: [
      { name: tr('Actual'), type: 'line', data: rows.map((t) => t[a]), showSymbol: false, lineStyle: { width: 2 }, markArea },
      { name: tr('Predicted ({model})', { model: results.model?.chosen ?? tr('model') }), type: 'line', data: rows.map((t) => t[p]), showSymbol: false, lineStyle: { width: 2, type: 'dashed' } },
    ],
  };
}

/** Holdout purchases per customer by calibration frequency: actual against predicted. */
export function conditionalOption(results) {
  const ce = results.model?.validation?.conditional_expectations || [];
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    legend: { top: 0, right: 0 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (ps) => {
        const r = ce[ps[0].dataIndex];
        return [
          tr('Frequency {f} ({n} customers)', { f: r.frequency, n: fmtInt(r.customers) }),
          tr('actual {v}', { v: fmtNum(r.actual, 2) }),
          tr('predicted {v}', { v: fmtNum(r.predicted, 2) }),
        ]
          .map(esc)
          .join('<br>');
      },
    },
    xAxis: { type: 'category', data: ce.map((r) => r.frequency), ...axisName(tr('repeat purchases in the calibration period')), nameGap: 30 },
    yAxis: { type: 'value', ...axisName(tr('holdout purchases per customer')), nameGap: 40, splitLine },
    series: [
      { name: tr('Actual'), type: 'bar', data: ce.map((r) => r.actual), itemStyle: { color: COLORS.primary } },
      { name: tr('Predicted'), type: 'bar', data: ce.map((r) => r.predicted), itemStyle: { color: COLORS.secondary } },
    ],
  };
}

/**
 * One customer's purchases over time, as lifetimes' history-alive plot: the purchases (bars), the
 * P(alive) path on a second axis (0-1), and the time axis running to the observation end with a
 * "today" line there and the expected next order marked (before today: overdue).
 *   history: [{date, amount}]; observationEnd, nextOrder: "YYYY-MM-DD"; alivePath: [{date, p_alive}];
 *   month(ym): the label of a month ("2025-04" → "Apr. 2025"), for the time axis in the page's
 *   language (default: ECharts' own English labels); day(iso): a date's label in the tooltip
 */
export function historyOption(history, { observationEnd, nextOrder, alivePath, month, day = (iso) => iso } = {}) {
  const data = (history || []).map((r) => [r.date, toNum(r.amount)]);
  const alive = (alivePath || []).filter((p) => toNum(p.p_alive) !== null).map((p) => [p.date, toNum(p.p_alive)]);
  const end = [observationEnd, nextOrder].filter(Boolean).sort().at(-1);
  const overdue = nextOrder && observationEnd && nextOrder < observationEnd;
  const marks = [];
  if (observationEnd) {
    marks.push({
      name: 'today',
      xAxis: observationEnd,
      lineStyle: { color: COLORS.text, type: 'solid', width: 1.5 },
      label: { formatter: tr('today'), position: 'end', distance: 4, align: 'right', color: COLORS.text },
    });
  }
  if (nextOrder) {
    marks.push({
      name: 'next-order',
      xAxis: nextOrder,
      lineStyle: { color: overdue ? COLORS.danger : COLORS.secondary, type: 'dashed', width: 1.5 },
      // Above today's label, so that the two do not overlap when the dates are close.
      label: { formatter: overdue ? tr('next order (overdue)') : tr('next order'), position: 'end', distance: 18, align: 'right', color: overdue ? COLORS.danger : COLORS.secondary },
    });
  }
  const amount = tr('Amount');
  const pAlive = tr('P(alive)');
  const series = [
    {
      name: amount,
      type: 'bar',
      data,
      barMaxWidth: 6,
      itemStyle: { color: COLORS.primary },
      markLine: marks.length ? { silent: true, symbol: 'none', animation: false, data: marks } : undefined,
    },
  ];
  if (alive.length) series.push({ name: pAlive, type: 'line', yAxisIndex: 1, data: alive, showSymbol: false, step: false, lineStyle: { width: 1.5 }, itemStyle: { color: COLORS.tertiary } });
  return {
    grid: { left: 56, right: alive.length ? 44 : 16, top: nextOrder ? 50 : 36, bottom: 32 },
    legend: alive.length ? { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } } : undefined,
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (ps) => {
        const lines = [esc(day(String(ps[0]?.value?.[0] ?? '')))];
        for (const p of ps) lines.push(`${esc(p.seriesName)}: ${p.seriesName === pAlive ? fmtNum(p.value[1], 2) : fmtMoney(p.value[1])}`);
        return lines.join('<br>');
      },
    },
    xAxis: { type: 'time', max: end, axisLabel: { hideOverlap: true, formatter: month ? (v) => month(new Date(v).toISOString().slice(0, 7)) : undefined } },
    yAxis: [
      { type: 'value', splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
      { type: 'value', min: 0, max: 1, show: alive.length > 0, splitLine: { show: false }, axisLabel: { formatter: (v) => fmtNum(v, 1) } },
    ],
    series,
  };
}

/**
 * An account's purchases per calendar month (its subtree): revenue as bars, orders as a line on
 * a second axis. history: {months: ["2025-01", ...], revenue: [...], orders: [...]};
 * month(ym) gives a month's label.
 */
export function accountHistoryOption(history, { month = (ym) => ym } = {}) {
  const months = history?.months || [];
  const revenue = tr('Revenue');
  const orders = tr('Orders');
  return {
    grid: { left: 56, right: 44, top: 30, bottom: 40 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      formatter: (ps) => [esc(month(months[ps[0].dataIndex])), ...ps.map((p) => `${esc(p.seriesName)}: ${p.seriesName === revenue ? fmtMoney(p.value) : fmtInt(p.value)}`)].join('<br>'),
    },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true, formatter: (v) => month(v) } },
    yAxis: [
      { type: 'value', splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
      { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel: { formatter: (v) => fmtInt(v) } },
    ],
    series: [
      { name: revenue, type: 'bar', data: (history?.revenue || []).map(toNum), itemStyle: { color: COLORS.primary }, barMaxWidth: 18 },
      { name: orders, type: 'line', yAxisIndex: 1, data: (history?.orders || []).map(toNum), symbolSize: 4, itemStyle: { color: COLORS.secondary } },
    ],
  };
}

// The charts' German texts.
const CHART_TEXTS = {
  de: {
    today: 'heute',
    'next order': 'nächste Bestellung',
    'next order (overdue)': 'nächste Bestellung (überfällig)',
    Amount: 'Betrag',
    Revenue: 'Umsatz',
    Orders: 'Bestellungen',
    'Value held': 'Gehaltener Wert',
    'Equal shares': 'Gleiche Anteile',
    'The top {share} of customers hold {value} of the value': 'Die obersten {share} der Kunden halten {value} des Werts',
    'share of customers, most valuable first': 'Anteil der Kunden, die wertvollsten zuerst',
    'share of total value': 'Anteil am Gesamtwert',
    'Tier {tier}\n{share} of customers': 'Stufe {tier}\n{share} der Kunden',
    'cut at {share} of value': 'Schnitt bei {share} des Werts',
    'top 20 %: {share}': 'oberste 20 %: {share}',
    Customers: 'Kunden',
    customers: 'Kunden',
    'CLV in the bin': 'CLV in der Klasse',
    'CLV {from} to {to}': 'CLV {from} bis {to}',
    '{n} customers': '{n} Kunden',
    'CLV in the bin: {value}': 'CLV in der Klasse: {value}',
    'CLV (log-spaced bins)': 'CLV (logarithmische Klassen)',
    'Frequency {f}, recency {r} of T': 'Frequenz {f}, Aktualität {r} von T',
    'mean P(alive) {p}': 'mittleres P(alive) {p}',
    'recency as a share of T': 'Aktualität als Anteil von T',
    frequency: 'Frequenz',
    'mean P(alive)': 'mittleres P(alive)',
    holdout: 'Testzeitraum',
    'period start': 'Beginn der Periode',
    'cumulative repeat purchases': 'kumulierte Wiederholungskäufe',
    'repeat purchases per period': 'Wiederholungskäufe je Periode',
    Actual: 'Tatsächlich',
    Predicted: 'Vorhergesagt',
    'Predicted ({model})': 'Vorhergesagt ({model})',
    model: 'Modell',
    'Frequency {f} ({n} customers)': 'Frequenz {f} ({n} Kunden)',
    'actual {v}': 'tatsächlich {v}',
    'predicted {v}': 'vorhergesagt {v}',
    'repeat purchases in the calibration period': 'Wiederholungskäufe im Kalibrierungszeitraum',
    'holdout purchases per customer': 'Käufe je Kunde im Testzeitraum',
    'Even spread': 'Gleichverteilung',
    Today: 'Heute',
    Plan: 'Plan',
    'Budget {budget}': 'Budget {budget}',
    '{n} contacts': '{n} Kontakte',
    'expected gain {gain}': 'erwarteter Gewinn {gain}',
    '{name}: {n} contacts for {cost}': '{name}: {n} Kontakte für {cost}',
    'budget (cost of the contacts in the period)': 'Budget (Kosten der Kontakte in der Periode)',
    'expected gain': 'erwarteter Gewinn',
    'Best plan for the budget': 'Bester Plan für das Budget',
    'plan’s budget {budget}': 'Budget des Plans {budget}',
    'all customers': 'alle Kunden',
    history: 'Historie',
    judgment: 'Einschätzung',
    '{n} contacts: lift {share} of the stake': '{n} Kontakte: Zuwachs {share} des Einsatzes',
    'today’s level': 'heutiges Niveau',
    'contacts in the period': 'Kontakte in der Periode',
    'lift: share of the stake gained': 'Zuwachs: gewonnener Anteil des Einsatzes',
    '{label}: {score} (weighted {weighted})': '{label}: {score} (gewichtet {weighted})',
    'weighted contribution to the total score': 'gewichteter Beitrag zur Gesamtpunktzahl',
  },
};

/** A single marked point as a line series of one point (no scatter chart needed). */
const pointSeries = (name, x, y, color, extra = {}) => ({
  name,
  type: 'line',
  data: [[x, y]],
  symbol: 'circle',
  symbolSize: 11,
  itemStyle: { color, borderColor: '#fff', borderWidth: 1.5 },
  z: 5,
  ...extra,
});

/** The what-if curve: the best plan's expected gain for each budget, with the plan's budget and the three allocations marked. */
export function planCurveOption(plan) {
  const curve = plan.curve || [];
  const p = plan.plan || {};
  const budget = toNum(plan.budget) ?? toNum(p.cost);
  const points = [
    [tr('Even spread'), plan.even_spread, COLORS.muted],
    [tr('Today'), plan.current, COLORS.secondary],
    [tr('Plan'), p, COLORS.danger],
  ].filter(([, a]) => a && toNum(a.cost) !== null && toNum(a.expected_gain) !== null);
  return {
    grid: { left: 72, right: 24, top: 36, bottom: 52 },
    legend: { top: 0, right: 0 },
    tooltip: {
      ...tooltipBase,
      trigger: 'item',
      formatter: (x) => {
        if (x.seriesIndex === 0) {
          const c = curve[x.dataIndex] || {};
          return [tr('Budget {budget}', { budget: fmtMoney(c.budget) }), tr('{n} contacts', { n: fmtInt(c.contacts) }), tr('expected gain {gain}', { gain: fmtMoney(c.gain) })].map(esc).join('<br>');
        }
        const a = points[x.seriesIndex - 1]?.[1] || {};
        return [tr('{name}: {n} contacts for {cost}', { name: x.seriesName, n: fmtInt(a.contacts), cost: fmtMoney(a.cost) }), tr('expected gain {gain}', { gain: fmtMoney(a.expected_gain) })].map(esc).join('<br>');
      },
    },
    xAxis: { type: 'value', min: 0, ...axisName(tr('budget (cost of the contacts in the period)')), nameGap: 30, splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
    yAxis: { type: 'value', min: 0, ...axisName(tr('expected gain')), nameGap: 52, splitLine, axisLabel: { formatter: (v) => fmtCompact(v) } },
    series: [
      {
        name: tr('Best plan for the budget'),
        type: 'line',
        data: curve.map((c) => [toNum(c.budget), toNum(c.gain)]),
        showSymbol: false,
        lineStyle: { width: 2.5 },
        itemStyle: { color: COLORS.primary },
        markLine:
          budget !== null
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: COLORS.muted },
                label: { color: COLORS.subtle, fontSize: 11, formatter: tr('plan’s budget {budget}', { budget: fmtMoney(budget) }), position: 'end' },
                data: [{ xAxis: budget }],
              }
            : undefined,
      },
      ...points.map(([name, a, color]) => pointSeries(name, toNum(a.cost), toNum(a.expected_gain), color)),
    ],
  };
}

const curveName = (c) => `${c.group === 'all' ? tr('all customers') : c.group} (${tr(c.source)})`;

/**
 * The response curves: the lift (share of the stake) against contacts in the period, per group,
 * today's level marked, and the estimate's 90 % intervals at today's mean and at +50 % when the
 * history was fitted.
 */
export function responseOption(plan) {
  const curves = plan.response?.curves || [];
  const span = contactsSpan(curves);
  const series = curves.map((c) => {
    const current = toNum(c.current_contacts);
    const data = curvePoints(c, span).map((v) => ({ value: v, symbol: 'none' }));
    if (current !== null && current > 0) {
      data.push({ value: [current, lift(c, current)], symbol: 'circle', symbolSize: 9, today: true });
      data.sort((a, b) => a.value[0] - b.value[0]);
    }
    const e = c.estimate;
    const intervals = [];
    if (e && current !== null) {
      const mean = toNum(e.mean_contacts) ?? current;
      for (const [x, low, high] of [
        [mean, e.lift_at_mean_low, e.lift_at_mean_high],
        [1.5 * mean, e.lift_at_plus_50_low, e.lift_at_plus_50_high],
      ]) {
        if (toNum(low) !== null && toNum(high) !== null) intervals.push([{ coord: [x, toNum(low)] }, { coord: [x, toNum(high)] }]);
      }
    }
    return {
      name: curveName(c),
      type: 'line',
      data,
      showSymbol: true,
      lineStyle: { width: 2, type: c.source === 'judgment' ? 'dashed' : 'solid' },
      markLine: intervals.length
        ? { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { type: 'solid', width: 5, opacity: 0.35 }, data: intervals }
        : undefined,
    };
  });
  return {
    grid: { left: 64, right: 24, top: 48, bottom: 52 },
    legend: { top: 0, right: 0, type: 'plain' },
    tooltip: {
      ...tooltipBase,
      trigger: 'item',
      formatter: (x) => {
        const c = curves[x.seriesIndex];
        const [n, v] = x.value;
        const lines = [curveName(c), tr('{n} contacts: lift {share} of the stake', { n: fmtNum(n, 1), share: fmtPct(v) })];
        if (x.data?.today) lines.push(tr('today’s level'));
        return lines.map(esc).join('<br>');
      },
    },
    xAxis: { type: 'value', min: 0, max: span, ...axisName(tr('contacts in the period')), nameGap: 30, splitLine },
    yAxis: { type: 'value', min: 0, ...axisName(tr('lift: share of the stake gained')), nameGap: 46, splitLine, axisLabel: pctAxis },
    series,
  };
}

/**
 * The criteria of the ten experts with the highest total score: stacked bars of each criterion's
 * weighted contribution (experts.weights), so that a bar's length is the expert's total.
 */
export function expertCriteriaOption(experts) {
  const { names, series } = topCriteria(experts, 10);
  const w = experts?.weights || {};
  const sum = series.reduce((s, c) => s + (toNum(w[c.id]) || 0), 0);
  const share = (id) => (sum > 0 ? (toNum(w[id]) || 0) / sum : 1 / series.length);
  return {
    color: [COLORS.primary, COLORS.secondary, COLORS.tertiary, COLORS.muted, COLORS.danger, '#7b5ea7'],
    grid: { left: 150, right: 24, top: 40, bottom: 40 },
    legend: { top: 0, left: 0 },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps) => {
        const i = ps[0].dataIndex;
        const lines = [esc(names[i])];
        for (const c of series) lines.push(esc(tr('{label}: {score} (weighted {weighted})', { label: c.label, score: fmtNum(c.data[i], 0), weighted: fmtNum(c.data[i] === null ? null : c.data[i] * share(c.id), 1) })));
        return lines.join('<br>');
      },
    },
    xAxis: { type: 'value', max: 100, ...axisName(tr('weighted contribution to the total score')), nameGap: 26, splitLine },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 140, overflow: 'truncate' } },
    series: series.map((c) => ({ name: c.label, type: 'bar', stack: 'total', barWidth: '60%', data: c.data.map((v) => (v === null ? 0 : v * share(c.id))) })),
  };
}
// (the shared dictionary's own translation of a text, if it has one, stays: one word everywhere)
addTexts('de', Object.fromEntries(Object.entries(CHART_TEXTS.de).filter(([key]) => !hasText('de', key))));
