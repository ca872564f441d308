// The URL is the state: shared filters and each view's own parameters live in the query string,
// so any view can be bookmarked or sent to someone.
export const FILTER_KEYS = ["type", "mode", "modality", "actor", "recipient", "country", "place", "bbox", "since", "until", "q"];

export function params() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

export function filters() {
  const p = params();
  const out = {};
  for (const k of FILTER_KEYS) if (p[k]) out[k] = p[k];
  return out;
}

export function href(path, extra = {}, keepFilters = true) {
  const u = new URLSearchParams();
  const p = params();
  if (keepFilters) for (const k of FILTER_KEYS) if (p[k]) u.set(k, p[k]);
  if (p.lang) u.set("lang", p.lang);
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined || v === null || v === "") u.delete(k);
    else u.set(k, String(v));
  }
  const s = u.toString();
  return path + (s ? `?${s}` : "");
}

// change the query string of the current page; push a history entry unless replace
export function update(changes, { replace = false } = {}) {
  const u = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === "") u.delete(k);
    else u.set(k, String(v));
  }
  const s = u.toString();
  const url = location.pathname + (s ? `?${s}` : "");
  if (url === location.pathname + location.search) return false;
  history[replace ? "replaceState" : "pushState"](null, "", url);
  window.dispatchEvent(new Event("marsad:navigate"));
  return true;
}

export function go(url) {
  history.pushState(null, "", url);
  window.dispatchEvent(new Event("marsad:navigate"));
}
