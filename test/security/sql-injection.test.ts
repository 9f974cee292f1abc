// Every query and path parameter of every GET endpoint in /openapi.json is tried with SQL
// injection payloads: the daemon answers 2xx or 4xx, never 5xx, and the stored data is intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const payloads = [
  "'; DROP TABLE models; --",
  "' OR '1'='1",
  '" OR "1"="1',
  "1; DELETE FROM labels; --",
  "x' UNION SELECT * FROM plugin_state --",
  "1) OR (1=1",
  '$1',
  '\\',
  "'",
  'Ω≈ç√∫ 😀 \u202e',
  '\u0000',
  '%27%3B%20DROP%20TABLE%20audit%3B',
  '9'.repeat(400),
];

interface OpenApiParam {
  name: string;
  in: string;
}

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({ config: 'server:\n  port: 0\nlog:\n  requests: false\nstages:\n  volume:\n    every: 1h\n' });
  const rows = Array.from({ length: 20 }, (_, i) => ({ model: 'inj', id: `i${i}`, features: { a: i }, prediction: i % 2 }));
  assert.equal((await d.request('/v1/predictions', { method: 'POST', json: rows })).status, 200);
  assert.equal((await d.request('/v1/labels', { method: 'POST', json: [{ model: 'inj', id: 'i1', label: 1 }] })).status, 200);
  assert.equal((await d.request('/v1/stages/volume/run', { method: 'POST' })).status, 200);
});
after(async () => {
  await d.cleanup();
});

async function snapshot(): Promise<unknown> {
  return {
    models: await (await d.request('/v1/models')).json(),
    tables: await d.runtime.storage.all("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name"),
    state: await d.runtime.storage.all('SELECT count(*)::INTEGER AS n FROM plugin_state'),
  };
}

test('injection through every GET parameter listed in /openapi.json is answered 2xx/4xx and changes nothing', async () => {
  const before = await snapshot();
  const doc = (await (await d.request('/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: OpenApiParam[] } }> };
  const gets = Object.entries(doc.paths).filter(([, ops]) => ops.get);
  assert.ok(gets.length >= 6, `expected the read endpoints in the OpenAPI document, got ${gets.length}`);
  let tried = 0;
  for (const [path, ops] of gets) {
    const params = ops.get!.parameters ?? [];
    const targets: { name: string; in: string }[] = params.length ? params : [{ name: 'unexpected', in: 'query' }];
    for (const p of targets) {
      for (const value of payloads) {
        let url = path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(p.in === 'path' && p.name === n ? value : 'inj'));
        if (p.in === 'query') url += `${url.includes('?') ? '&' : '?'}${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`;
        const res = await d.request(url);
        const text = await res.text();
        assert.ok(res.status < 500, `${url} → ${res.status}: ${text.slice(0, 200)}`);
        if (res.status >= 400) assert.match(JSON.parse(text).message as string, /\w/, `${url} gave no message`);
        tried++;
      }
    }
  }
  assert.ok(tried > 100, `only ${tried} requests tried`);
  assert.equal((await d.request('/livez')).status, 200);
  assert.deepEqual(await snapshot(), before);
});

test('injection through ingest and admin fields is stored as data or refused, never executed', async () => {
  const before = await snapshot();
  for (const value of payloads) {
    const res = await d.request('/v1/labels', { method: 'POST', json: [{ model: 'inj', id: value, label: value }] });
    assert.ok(res.status === 200 || res.status === 400, `label ${JSON.stringify(value)} → ${res.status}`);
    const stage = await d.request(`/v1/stages/${encodeURIComponent(value)}/run`, { method: 'POST' });
    assert.ok(stage.status === 404 || stage.status === 400, `stage ${JSON.stringify(value)} → ${stage.status}`);
  }
  const after = (await snapshot()) as { tables: unknown; state: unknown };
  const b = before as { tables: unknown; state: unknown };
  assert.deepEqual(after.tables, b.tables);
  assert.deepEqual(after.state, b.state);
  const stored = await d.runtime.storage.all<{ id: string }>("SELECT id FROM labels WHERE model = 'inj' AND id = $1", ["'; DROP TABLE models; --"]);
  assert.equal(stored.length, 1);
});
