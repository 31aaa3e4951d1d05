import { defineSection } from '../sections.js';
import { t } from '../i18n.js';
import { h, factList, simpleTable } from '../dom.js';
import { mountChart, trackingOption, conditionalOption } from '../charts.js';
import { fmtDate, fmtInt, fmtNum, modelName } from '../format.js';

export default defineSection({
  id: 'model',
  title: 'Model and validation',
  when: (d) => !!d.model,
  render(el, d) {
    const m = d.model;
    const v = m.validation || {};
    const ho = v.holdout || {};
    el.append(
      factList(
        [
          [t('Chosen model'), modelName(m.chosen, m.titles)],
          [t('Time unit'), m.time_unit],
          [t('Calibration end'), fmtDate(m.calibration_end)],
          [t('Observation end'), fmtDate(m.observation_end)],
          m.selection_customers != null ? [t('Selection customers'), fmtInt(m.selection_customers)] : null,
          ho.mae != null ? [t('Holdout MAE'), fmtNum(ho.mae, 3), t('purchases per customer')] : null,
          ho.correlation != null ? [t('Holdout correlation'), fmtNum(ho.correlation, 3)] : null,
          ho.actual_total != null ? [t('Holdout purchases'), t('{n} actual', { n: fmtInt(ho.actual_total) }), t('{n} predicted', { n: fmtInt(ho.predicted_total) })] : null,
        ].filter(Boolean),
      ),
    );
    if (m.reason) el.append(h('p', { class: 'reason' }, m.reason));

    const tracking = v.tracking || [];
    if (tracking.length) {
      el.append(h('h3', null, t('Tracking: calibration and holdout')));
      const two = h('div', { class: 'chart-row' });
      el.append(two);
      const left = h('div', { class: 'chart-cell' }, h('h4', null, t('Repeat purchases per period')));
      const right = h('div', { class: 'chart-cell' }, h('h4', null, t('Cumulative repeat purchases')));
      two.append(left, right);
      mountChart(left, 'tracking', trackingOption(d), { height: 300, label: t('Actual and predicted repeat purchases per period') });
      mountChart(right, 'tracking-cumulative', trackingOption(d, { cumulative: true }), { height: 300, label: t('Cumulative actual and predicted repeat purchases') });
    }
    if ((v.conditional_expectations || []).length) {
      el.append(h('h3', null, t('Holdout purchases by calibration frequency')));
      mountChart(el, 'conditional-expectations', conditionalOption(d), { height: 280, label: t('Conditional expectations') });
    }

    const cands = m.candidates || [];
    if (cands.length) {
      el.append(h('h3', null, t('Candidate models')));
      el.append(
        simpleTable(
          [
            { label: t('Model'), value: (c) => [modelName(c.model, m.titles), c.model === m.chosen ? ' ✓' : ''].join('') },
            { label: t('Holdout MAE'), num: true, value: (c) => fmtNum(c.holdout?.mae, 4) },
            { label: t('RMSE'), num: true, value: (c) => fmtNum(c.holdout?.rmse, 4) },
            { label: t('Correlation'), num: true, value: (c) => fmtNum(c.holdout?.correlation, 4) },
            { label: t('Predicted / actual'), num: true, value: (c) => `${fmtInt(c.holdout?.predicted_total)} / ${fmtInt(c.holdout?.actual_total)}` },
            { label: t('Log-likelihood'), num: true, value: (c) => fmtNum(c.log_likelihood, 1) },
            { label: t('BIC'), num: true, value: (c) => fmtNum(c.bic, 1) },
            { label: t('Converged'), value: (c) => (c.converged === false ? t('no') : t('yes')) },
          ],
          cands,
          { rowClass: (c) => (c.model === m.chosen ? 'chosen' : null) },
        ),
      );
    }

    const fitted = [m.purchase, m.spend].filter((x) => x && x.params);
    if (fitted.length) {
      el.append(h('h3', null, t('Fitted on the whole period')));
      const rows = fitted.flatMap((f) =>
        Object.entries(f.params).map(([k, val]) => ({ model: modelName(f.model, m.titles), customers: f.customers, param: k, value: val, se: f.std_errors?.[k] })),
      );
      el.append(
        simpleTable(
          [
            { label: t('Model'), value: (r) => r.model },
            { label: t('Parameter'), value: (r) => r.param },
            { label: t('Estimate'), num: true, value: (r) => fmtNum(r.value, 4) },
            { label: t('Std. error'), num: true, value: (r) => fmtNum(r.se, 4) },
            { label: t('Customers'), num: true, value: (r) => fmtInt(r.customers) },
          ],
          rows,
        ),
      );
    }
  },
});
