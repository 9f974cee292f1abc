// Auth over every route, table-driven: each route in /openapi.json (every method), the receivers'
// OTLP paths, /metrics and the dashboards, against three daemons — no token, a write token only,
// and a read token plus a write token — called with no token, the read token and the write token.
// Writes and admin need the write token; reads need the read token (or the write token) when one
// is set; health and the dashboard shells are open. No answer and no log line carries a token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { createLogger } from '../../core/log.ts';

const WRITE = 'write-token-7f3a9c';
const READ = 'read-token-2b8e41';
const logged: string[] = [];
// A logger that keeps every line, with no redaction of its own, so a token reaching the log shows.
const logger = createLogger({ level: 'debug', sink: { write: (l) => void logged.push(l) } });

const setups = {
  open: 'server:\n  port: 0\nlog:\n  requests: true\n',
  write: `server:\n  port: 0\n  token: ${WRITE}\nlog:\n  requests: true\n`,
  both: `server:\n  port: 0\n  token: ${WRITE}\n  read_token: ${READ}\nlog:\n  requests: true\n`,
} as const;
type Setup = keyof typeof setups;
const daemons = {} as Record<Setup, TestDaemon>;

before(async () => {
  for (const s of Object.keys(setups) as Setup[]) daemons[s] = await startTestDaemon({ config: setups[s], logger });
});
after(async () => {
  for (const d of Object.values(daemons)) await d.cleanup();
});

/** Open without any token whatever is configured: liveness, readiness, the API description, dashboard shells. */
const open = new Set(['/livez', '/readyz', '/openapi.json', '/', '/dashboards/model-health', '/dashboards/ops-health']);

async function routes(): Promise<{ method: string; path: string }[]> {
  const doc = (await (await daemons.open.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const out: { method: string; path: string }[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    const path = p.replace(/\{model\}/g, 'm').replace(/\{name\}|\{stage\}/g, 'drift').replace(/\{\w+\}/g, '1');
    for (const m of Object.keys(ops)) if (['get', 'post', 'put', 'delete', 'patch'].includes(m)) out.push({ method: m.toUpperCase(), path });
  }
  for (const s of ['logs', 'metrics', 'traces']) if (!out.some((r) => r.path === `/otlp/v1/${s}`)) out.push({ method: 'POST', path: `/otlp/v1/${s}` });
  out.push({ method: 'GET', path: '/metrics' }, ...[...open].map((path) => ({ method: 'GET', path })));
  return out;
}

/** What the answer must be: 401 when the token does not open the route, anything but 401 when it does. */
function allowed(setup: Setup, method: string, path: string, token: 'none' | 'read' | 'write'): boolean {
  if (open.has(path) || path.startsWith('/dashboards/')) return true;
  const write = method !== 'GET' && method !== 'HEAD';
  if (write) return setup === 'open' || token === 'write';
  return setup !== 'both' || token !== 'none';
}

test('every route answers as its token rules say, with every kind of token', async () => {
  const table = await routes();
  assert.ok(table.length >= 40, `${table.length} routes`);
  const wrong: string[] = [];
  for (const setup of Object.keys(setups) as Setup[]) {
    const d = daemons[setup];
    for (const { method, path } of table) {
      for (const token of ['none', 'read', 'write'] as const) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token !== 'none') headers.authorization = `Bearer ${token === 'read' ? READ : WRITE}`;
        const res = await d.request(path, { method, headers, body: method === 'GET' ? undefined : '{}' });
        const text = await res.text();
        const ok = allowed(setup, method, path, token);
        if (ok === (res.status === 401)) wrong.push(`${setup}: ${method} ${path} with ${token} token → ${res.status}`);
        for (const t of [READ, WRITE]) {
          if (text.includes(t) || Array.from(res.headers as unknown as Iterable<[string, string]>).some(([, v]) => v.includes(t))) wrong.push(`${setup}: ${method} ${path} answered with a token in it`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('a token in the query string opens reads only, and nothing ever logs a token', async () => {
  const d = daemons.both;
  assert.equal((await d.request(`/v1/models?token=${READ}`)).status, 200);
  assert.equal((await d.request(`/v1/predictions?token=${WRITE}`, { method: 'POST', json: [] })).status, 401, 'writes take the header only');
  // The model card, a /v1 answer that describes the daemon, names no token either.
  const card = await d.request('/v1/models/m/card', { headers: { authorization: `Bearer ${READ}` } });
  assert.ok(!(await card.text()).includes(READ));
  const all = logged.join('');
  assert.ok(all.length > 1000, 'requests were logged');
  assert.ok(!all.includes(READ) && !all.includes(WRITE), 'a token reached the log');
});
