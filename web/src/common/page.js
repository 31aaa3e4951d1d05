import { h } from './dom.js';
import { fmtDate, fmtInt } from './format.js';
import { setLocale, t } from './i18n.js';

/**
 * Takes the locale, currency and texts of results.json's `report` (winnow.toml [report]); call
 * before anything is formatted. pageHeader() calls it too.
 */
export function useReportSettings(data) {
  const r = data?.report || {};
  setLocale({ locale: r.locale, currency: r.currency });
}

/** The page's title: report.title when set, else the view's default ("winnow report"), translated. */
export function pageTitle(defaultTitle, data) {
  const title = data?.report?.title;
  return title && String(title).trim() ? String(title) : t(defaultTitle);
}

/**
 * The page header (title, client, run facts, section links) shared by both views. It shows
 * report.title and report.client, never project_dir (which stays in results.json for tools).
 */
export function pageHeader(defaultTitle, data, extra) {
  useReportSettings(data);
  const title = pageTitle(defaultTitle, data);
  if (typeof document !== 'undefined') document.title = title;
  const nav = h('nav', { class: 'toc', 'aria-label': t('Sections') });
  const facts = [];
  if (data?.model?.observation_end) facts.push(t('data to {date}', { date: fmtDate(data.model.observation_end) }));
  if (data?.headline?.customers != null) facts.push(t('{n} customers', { n: fmtInt(data.headline.customers) }));
  const client = data?.report?.client ? h('p', { class: 'client', 'data-client': '' }, String(data.report.client)) : null;
  const meta = h('p', { class: 'meta' }, facts.join(' · '));
  const header = h(
    'header',
    { class: 'page-header' },
    h('div', { class: 'wrap header-row' }, h('div', null, h('h1', { 'data-title': '' }, title), client, meta), extra || null),
    h('div', { class: 'wrap' }, nav),
  );
  return { header, nav, meta };
}

export function pageFooter(data) {
  return h(
    'footer',
    { class: 'page-footer wrap' },
    `winnow ${data?.winnow_version ?? ''}`,
    data?.files?.length ? ` · ${t('files')}: ${data.files.join(', ')}` : '',
  );
}
