// Shareable links: the dashboard's view in the URL's hash.
//   #customer=C0001, #account=P001, #expert=E001    a detail panel
//   #alerts?group=lost&q=klinik&sort=value&order=desc a list with its filters and sort order
//   (likewise #customers?..., #accounts?..., #plan?rep_id=..., #experts?...)
// Opening such a URL restores the view; changing a filter or opening a panel rewrites the hash with
// history.replaceState (no new history entry, no hashchange event). The table of contents' own
// links (#s-<section>) are left alone.

export const PANELS = ['customer', 'account', 'expert'];
export const LISTS = ['customers', 'alerts', 'accounts', 'plan', 'experts'];

/**
 * The view a hash names: {kind: 'customer'|'account'|'expert', id}, {kind: 'list', list, params}
 * (params: URLSearchParams), or null for anything else.
 */
export function parseHash(hash) {
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return null;
  const panel = /^(customer|account|expert)=(.+)$/.exec(text);
  if (panel) {
    let id;
    try {
      id = decodeURIComponent(panel[2]);
    } catch {
      return null;
    }
    return id ? { kind: panel[1], id } : null;
  }
  const q = text.indexOf('?');
  const list = q < 0 ? text : text.slice(0, q);
  if (!LISTS.includes(list)) return null;
  return { kind: 'list', list, params: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)) };
}

/** The hash of a panel: #customer=C0001 */
export function panelHash(kind, id) {
  return `#${kind}=${encodeURIComponent(id)}`;
}

/** The hash of a list with its non-empty parameters, in the order given: #alerts?group=lost&q=x */
export function listHash(list, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v === true ? '1' : String(v));
  const s = q.toString();
  return s ? `#${list}?${s}` : `#${list}`;
}

/** Replaces the URL's hash without a new history entry ('' removes it). */
export function replaceHash(hash) {
  const url = `${location.pathname}${location.search}${hash || ''}`;
  if (`${location.pathname}${location.search}${location.hash}` !== url) history.replaceState(history.state, '', url);
}

/** The page's URL with a hash: what "copy link" copies. */
export function linkTo(hash) {
  return `${location.origin}${location.pathname}${location.search}${hash || ''}`;
}
