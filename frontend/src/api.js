// Fetching from the JSON API; errors carry the server's message.
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}

export async function api(path, params = {}, options = {}) {
  const res = await fetch(`/api/${path}${qs(params)}`, { headers: { Accept: "application/json" }, signal: options.signal });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || `${res.status} ${res.statusText}`);
  return body;
}
