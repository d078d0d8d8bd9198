// The console's JSON API. State-changing requests repeat the CSRF cookie in a header (double submit).
export class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

const csrf = () => document.cookie.split('; ').find((c) => c.startsWith('appliance-csrf='))?.slice('appliance-csrf='.length) ?? '';

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.detail ?? data?.error ?? `${response.status} ${response.statusText}`);
  return data;
}

export const get = (path) => api('GET', path);
export const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
