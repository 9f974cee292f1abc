// Fetches from the /v1 API. A read token given as `#token=…` in the page URL is sent as a
// Bearer header and never put in a query string, so it stays out of server logs.
export function readToken(hash = location.hash) {
  const m = /(?:^#|&)token=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}

/** Resolves to {status: 'ok', data} | {status: 'unavailable', message} | {status: 'error', message}. */
export async function getJson(path, token = readToken()) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { headers });
  } catch (e) {
    return { status: 'error', message: `cannot reach the daemon: ${e.message}` };
  }
  if (res.status === 404 || res.status === 405 || res.status === 501) {
    const body = await res.json().catch(() => null);
    // A 404 for a known model is "no such data"; a 404 with no route is a missing endpoint.
    const missingRoute = !body || /no route/.test(body.message ?? '');
    return { status: 'unavailable', message: missingRoute ? `endpoint unavailable: ${path.split('?')[0]}` : body.message };
  }
  if (res.status === 401) return { status: 'error', message: 'unauthorized: open the dashboard with #token=<read token>' };
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    return { status: 'error', message: `${res.status}: ${body?.message ?? res.statusText}` };
  }
  return { status: 'ok', data: await res.json() };
}

/** POST or DELETE with the page's token; resolves to {ok, status, data, message}. */
export async function sendJson(method, path, body, token = readToken()) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { ok: false, status: 0, message: `cannot reach the daemon: ${e.message}` };
  }
  const data = await res.json().catch(() => null);
  if (res.status === 401) return { ok: false, status: 401, message: 'this needs the write token: open the dashboard with #token=<write token>' };
  if (!res.ok) {
    const detail = Array.isArray(data?.errors) ? `: ${data.errors.map((e) => `${e.field ? e.field + ' ' : ''}${e.reason}`).join('; ')}` : '';
    return { ok: false, status: res.status, message: `${res.status}: ${data?.message ?? res.statusText}${detail}` };
  }
  return { ok: true, status: res.status, data };
}
