// The dashboard's only way to the server: same-origin JSON with the bearer token from
// sessionStorage (never in URLs). A 401 calls the unauthorized handler (token form).

const KEY = 'winnow-token';

export class ApiError extends Error {
  constructor(message, kind, status) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export function getToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the token lives only as long as the page */
  }
}

/**
 * GET path with the bearer token, accepting `accept`; a network failure, a 401 (which asks for the
 * token again) and any other error status throw ApiError with the server's message. Returns the
 * response of a successful request.
 */
async function send(path, accept) {
  const headers = { Accept: accept };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { headers, cache: 'no-store', credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(`cannot reach the server (${e.message})`, 'network', 0);
  }
  if (res.ok) return res;
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (res.status === 401) {
    onUnauthorized(!!token);
    throw new ApiError(body?.error?.message || 'a token is required', 'auth', 401);
  }
  throw new ApiError(body?.error?.message || `HTTP ${res.status}`, body?.error?.kind || 'internal', res.status);
}

/** GET path (relative to the page, e.g. "api/health") → parsed JSON. */
export async function api(path) {
  const res = await send(path, 'application/json');
  try {
    return await res.json();
  } catch {
    return null;  // not JSON
  }
}

/** Builds "path?k=v&..." from the non-empty values of params. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v === true ? '1' : String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Saves the answer of path (a list with format=csv) as a file: fetched with the bearer token
 * (a plain link cannot send it) and handed to the browser as a download named filename.
 */
export async function download(path, filename) {
  const res = await send(path, 'text/csv');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
