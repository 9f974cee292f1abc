// Every GET is a read: with data of every kind stored and every stage run once, calling each GET
// route of /openapi.json (and the health, metrics and dashboard pages) leaves the content of
// every table exactly as it was, compared by a checksum of all rows of every table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const stages = ['volume', 'validation', 'drift', 'performance', 'fairness', 'ab-test', 'retraining', 'log-anomaly', 'metric-anomaly', 'incidents', 'correlation', 'failure-prediction'];
const config = `server:\n  port: 0\nlog:\n  requests: false\nstages:\n${stages.map((s) => `  ${s}:\n    every: 1h\n`).join('')}`;

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({ config });
  const now = Date.now();
  const rows = Array.from({ length: 400 }, (_, i) => ({
    model: 'ro',
    version: i < 200 ? 'v1' : 'v2',
    id: `r${i}`,
    ts: now - (400 - i) * 1000,
    features: { a: (i * 7) % 13, b: i % 3 === 0 ? 'x' : 'y' },
    prediction: i % 2,
    score: (i % 10) / 10,
    segment: i % 4 === 0 ? 'EU' : 'US',
  }));
  const post = async (path: string, body: string, type = 'application/json') => {
    const res = await d.request(path, { method: 'POST', body, headers: { 'content-type': type } });
    assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${await res.text()}`);
  };
  await post('/v1/snapshots?model=ro&role=reference&name=base', 'a,b\n' + Array.from({ length: 100 }, (_, i) => `${i % 13},${i % 2 ? 'x' : 'y'}`).join('\n') + '\n', 'text/csv');
  await post('/v1/predictions', JSON.stringify(rows));
  await post('/v1/labels', JSON.stringify(rows.slice(0, 300).map((r, i) => ({ model: 'ro', id: r.id, label: i % 3 === 0 ? 1 : 0 }))));
  await post('/v1/logs', Array.from({ length: 60 }, (_, i) => JSON.stringify({ ts: now - (60 - i) * 1000, level: i % 10 ? 'info' : 'error', source: 'api', message: `request ${i} took ${i * 3} ms` })).join('\n'), 'application/x-ndjson');
  await post('/v1/metrics', JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ name: 'latency_ms', value: 10 + (i % 5), ts: now - (60 - i) * 1000, labels: { service: 'api' } }))));
  for (const s of stages) assert.equal((await d.request(`/v1/stages/${s}/run`, { method: 'POST' })).status, 200, `stage ${s}`);
  // Nothing may write behind the test's back while it compares: no more stage runs.
  await d.runtime.host.stop(3000);
});
after(async () => {
  await d.cleanup();
});

async function checksums(): Promise<Record<string, string>> {
  const tables = await d.runtime.storage.all<{ table_name: string }>("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name");
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const r = await d.runtime.storage.one<{ n: number; h: string }>(`SELECT count(*)::BIGINT AS n, coalesce(sum(hash(t))::VARCHAR, '0') AS h FROM "${table_name}" t`);
    out[table_name] = `${r?.n}:${r?.h}`;
  }
  return out;
}

test('no GET route changes the content of any table', async () => {
  const doc = (await (await d.request('/openapi.json')).json()) as { paths: Record<string, { get?: unknown }> };
  const paths = Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([p]) => p.replace(/\{model\}/g, 'ro').replace(/\{name\}/g, 'drift').replace(/\{stage\}/g, 'drift').replace(/\{\w+\}/g, '1'));
  assert.ok(paths.length >= 20, `expected the read endpoints in the OpenAPI document, got ${paths.length}`);
  paths.push('/livez', '/readyz', '/metrics', '/', '/dashboards/model-health', '/dashboards/ops-health', '/v1/models/ro/card?format=html', '/v1/models/ro/fairness?live');
  // The alert manager takes in the last runs on its own cycle: start from a store that has settled.
  let before = await checksums();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const again = await checksums();
    if (JSON.stringify(again) === JSON.stringify(before)) break;
    before = again;
  }
  assert.ok(Number(before.model_versions!.split(':')[0]) === 2, `both versions are registered at ingest: ${before.model_versions}`);
  let answered = 0;
  for (const p of paths) {
    const res = await d.request(p);
    await res.arrayBuffer();
    assert.ok(res.status < 500, `GET ${p} → ${res.status}`);
    if (res.status < 300) answered++;
  }
  assert.ok(answered >= paths.length / 2, `only ${answered} of ${paths.length} GETs answered 2xx`);
  assert.deepEqual(await checksums(), before);
});

test('the version registry and model counts are there without any read having synced them', async () => {
  const versions = (await (await d.request('/v1/models/ro/versions')).json()) as { version: string; predictions: number }[];
  assert.deepEqual(
    versions.map((v) => [v.version, v.predictions]),
    [
      ['v1', 200],
      ['v2', 200],
    ],
  );
  const models = (await (await d.request('/v1/models')).json()) as { model: string; predictions: number; labels: number; versions: string[] }[];
  assert.deepEqual(
    models.map((m) => [m.model, m.predictions, m.labels, m.versions]),
    [['ro', 400, 300, ['v1', 'v2']]],
  );
  const seen = await d.runtime.storage.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM audit WHERE kind = 'model.version.seen' AND subject = 'ro'");
  assert.equal(seen[0]!.n, 2);
});
