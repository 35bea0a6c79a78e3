// api.js - the registry API as the app calls it: JSON in and out, the session cookie (sent by
// the browser) and the CSRF token on every change, and the server's error shape turned into an
// ApiError {status, message, field} whose message the screens show as the server wrote it.
// A 401 outside the login means the session has ended: the handler set by onSessionEnd runs
// (the app keeps what was being typed and goes to the login).
import { t } from "./i18n.js";

let csrf = null;
let sessionEnded = () => {};

export class ApiError extends Error {
  constructor(status, message, field, rows) {
    super(message);
    this.status = status;
    this.field = field || null;
    this.rows = rows || null;          /* an import's rows that cannot go in */
  }
}

export function setCsrf(token) {
  csrf = token || null;
}

export function onSessionEnd(handler) {
  sessionEnded = handler;
}

/* The answer of method path (under /api/v1) with body (an object, or undefined). */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined)
    headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf)
    headers["X-CSRF-Token"] = csrf;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t("error.network"));
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (res.status === 401 && path !== "/login")
    sessionEnded();
  if (!res.ok) {
    const e = data && data.error;
    throw new ApiError(res.status, e && e.message ? e.message : `HTTP ${res.status}`,
                       e && e.field, e && e.rows);
  }
  return data;
}

export const get = (path) => api("GET", path);

/* path with the query of params (undefined and null values left out). */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== "")
      q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
