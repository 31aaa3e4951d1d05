import { h } from './dom.js';
import { fmtInt } from './format.js';

/** The page header (title, run facts, section links) shared by both views. */
export function pageHeader(title, data, extra) {
  const nav = h('nav', { class: 'toc', 'aria-label': 'Sections' });
  const facts = [];
  if (data?.project_dir) facts.push(data.project_dir);
  if (data?.model?.observation_end) facts.push(`data to ${data.model.observation_end}`);
  if (data?.headline?.customers != null) facts.push(`${fmtInt(data.headline.customers)} customers`);
  const meta = h('p', { class: 'meta' }, facts.join(' · '));
  const header = h(
    'header',
    { class: 'page-header' },
    h('div', { class: 'wrap header-row' }, h('div', null, h('h1', null, title), meta), extra || null),
    h('div', { class: 'wrap' }, nav),
  );
  return { header, nav, meta };
}

export function pageFooter(data) {
  return h(
    'footer',
    { class: 'page-footer wrap' },
    `winnow ${data?.winnow_version ?? ''}`,
    data?.files?.length ? ` · files: ${data.files.join(', ')}` : '',
  );
}
