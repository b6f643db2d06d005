/**
 * The dashboard's calls to the control API: the API key (kept in
 * `sessionStorage`) goes with every request, and a refusal becomes an
 * `ApiError` carrying the API's own `error` text.
 *
 * Browser zone (an ES module the dashboard page loads).
 *
 * @module
 */

const KEY_ITEM = 'temporal-checkpoint.api-key';

/** The API key of this browser session, or `null`. */
export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

/** Keeps `key` for this browser session; `null` forgets it. */
export function setApiKey(key) {
  if (key === null) sessionStorage.removeItem(KEY_ITEM);
  else sessionStorage.setItem(KEY_ITEM, key);
}

/** A refusal of the API: its HTTP status and its `error` text, as the API said it. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }

  /** `409: task is already paused`. */
  toString() {
    return `${this.status}: ${this.message}`;
  }
}

/** True when `error` says that this server has no such route (an older or smaller API). */
export function isMissingRoute(error) {
  return (
    error instanceof ApiError &&
    ((error.status === 404 && error.message.startsWith('No route')) ||
      (error.status === 405 && error.message.startsWith('Method')))
  );
}

/**
 * Calls the API: `body`, when given, is sent as JSON. Resolves with the
 * parsed JSON answer; rejects with an {@link ApiError} for a 4xx or 5xx.
 *
 * @example
 * ```js
 * const task = await request('GET', `/api/v1/tasks/${encodeURIComponent(id)}`);
 * ```
 *
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
export async function request(method, path, body) {
  const headers = { 'X-API-Key': apiKey() ?? '' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const said = typeof json?.error === 'string' ? json.error : text || response.statusText;
    throw new ApiError(response.status, said);
  }
  return json;
}

/** The query string of `params`, leaving out empty values. */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function parseJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
