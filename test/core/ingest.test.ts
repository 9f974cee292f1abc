import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon();
});
after(async () => {
  await d.cleanup();
});

const row = (i: number, extra: Record<string, unknown> = {}) => ({
  model: 'churn',
  version: 'v1',
  id: `r${i}`,
  ts: 1_700_000_000_000 + i * 1000,
  features: { age: 30 + i, plan: i % 2 ? 'pro' : 'free', active: i % 3 === 0 },
  prediction: i % 2,
  score: 0.1 * (i % 10),
  ...extra,
});

async function models(): Promise<{ model: string; predictions: number; labels: number; versions: string[] }[]> {
  return (await d.request('/v1/models')).json() as Promise<{ model: string; predictions: number; labels: number; versions: string[] }[]>;
}

test('a JSON batch is stored and counted exactly', async () => {
  const res = await d.request('/v1/predictions', { method: 'POST', json: Array.from({ length: 50 }, (_, i) => row(i)) });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { accepted: 50 });
  const m = (await models()).find((x) => x.model === 'churn');
  assert.equal(m?.predictions, 50);
  assert.deepEqual(m?.versions, ['v1']);
});

test('NDJSON batches are accepted with the ndjson content type', async () => {
  const body = [row(100, { model: 'nd' }), row(101, { model: 'nd', version: 'v2' })].map((r) => JSON.stringify(r)).join('\n');
  const res = await d.request('/v1/predictions', { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
  assert.equal(res.status, 200);
  const m = (await models()).find((x) => x.model === 'nd');
  assert.equal(m?.predictions, 2);
  assert.deepEqual(m?.versions, ['v1', 'v2']);
});

test('a batch with one bad row is refused whole, naming the row, field and reason', async () => {
  const before = (await models()).find((x) => x.model === 'churn')!.predictions;
  const batch = [row(200), row(201, { features: { age: 'NaN-ish', nested: { a: 1 } } }), row(202, { prediction: undefined })];
  const res = await d.request('/v1/predictions', { method: 'POST', json: batch });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: string; errors: { row: number; field: string; reason: string }[] };
  assert.equal(body.error, 'bad_request');
  assert.deepEqual(
    body.errors.map((e) => [e.row, e.field]),
    [
      [1, 'features.nested'],
      [2, 'prediction'],
    ],
  );
  assert.match(body.errors[0]!.reason, /number, string, boolean or null/);
  assert.equal((await models()).find((x) => x.model === 'churn')!.predictions, before);
});

test('a new model and new features in a refused batch leave nothing behind', async () => {
  const res = await d.request('/v1/predictions', { method: 'POST', json: [row(1, { model: 'ghost', features: { brand_new: 1 } }), { model: 'ghost' }] });
  assert.equal(res.status, 400);
  assert.equal((await models()).find((x) => x.model === 'ghost'), undefined);
});

test('invalid JSON, empty batches and unknown content types get clear errors', async () => {
  let res = await d.request('/v1/predictions', { method: 'POST', body: '[{"model":', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /not valid JSON/);
  res = await d.request('/v1/predictions', { method: 'POST', json: [] });
  assert.equal(res.status, 400);
  res = await d.request('/v1/predictions', { method: 'POST', body: 'a,b\n1,2', headers: { 'content-type': 'text/csv' } });
  assert.equal(res.status, 415);
  res = await d.request('/v1/predictions', { method: 'POST', body: new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /UTF-8/);
});

test('labels join predictions by model and id, whenever they arrive', async () => {
  const res = await d.request('/v1/labels', { method: 'POST', json: [{ model: 'churn', id: 'r1', label: 1 }, { model: 'churn', id: 'r2', label: 0 }, { model: 'churn', id: 'later', label: 1 }] });
  assert.equal(res.status, 200);
  assert.equal((await models()).find((x) => x.model === 'churn')!.labels, 3);
  const cols = await d.runtime.reader.predictions('churn', { labelled: true });
  assert.deepEqual([...cols.id].sort(), ['r1', 'r2']);
  assert.deepEqual([...cols.labelNum], cols.id.map((id) => (id === 'r1' ? 1 : 0)));
  const bad = await d.request('/v1/labels', { method: 'POST', json: [{ model: 'churn', label: 1 }] });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /"field":"id"/);
});

test('typed feature columns keep values that do not fit in raw form', async () => {
  await d.request('/v1/predictions', { method: 'POST', json: [row(300, { model: 'mixed', features: { x: 1 } }), row(301, { model: 'mixed', features: { x: 'oops' } })] });
  const cols = await d.runtime.reader.predictions('mixed');
  const x = cols.features.x as Float64Array;
  assert.equal(x[0], 1);
  assert.ok(Number.isNaN(x[1]!));
  const raw = await d.runtime.storage.all<{ raw_features: string | null }>(`SELECT raw_features FROM ${d.runtime.tables.get('mixed')!.table} ORDER BY seq`);
  assert.equal(raw[0]!.raw_features, null);
  assert.deepEqual(JSON.parse(raw[1]!.raw_features!), { x: 'oops' });
});

test('logs as text/plain and NDJSON, and metrics, are stored', async () => {
  let res = await d.request('/v1/logs', { method: 'POST', body: 'first line\nsecond line\n', headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 200);
  res = await d.request('/v1/logs', {
    method: 'POST',
    body: `${JSON.stringify({ ts: '2026-01-01T00:00:00Z', level: 'ERROR', source: 'api', message: 'boom' })}\n`,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  assert.equal(res.status, 200);
  const logs = await d.runtime.reader.logs({});
  assert.deepEqual(
    logs.map((l) => [l.message, l.level]),
    [
      ['first line', null],
      ['second line', null],
      ['boom', 'error'],
    ],
  );
  res = await d.request('/v1/metrics', { method: 'POST', json: [{ name: 'cpu', value: 0.5, labels: { host: 'a' } }, { name: 'cpu', value: 'high' }] });
  assert.equal(res.status, 400);
  res = await d.request('/v1/metrics', { method: 'POST', json: [{ name: 'cpu', value: 0.5, labels: { host: 'a' } }] });
  assert.equal(res.status, 200);
  assert.deepEqual((await d.runtime.reader.metrics({ name: 'cpu' })).map((m) => [m.value, m.labels]), [[0.5, { host: 'a' }]]);
});

test('snapshots are content-addressed: the same bytes give the same version', async () => {
  const csv = 'age,plan\n31,free\n45,pro\n52,pro\n';
  const a = await d.request('/v1/snapshots?model=churn&role=reference&name=train', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(a.status, 201);
  const va = (await a.json()) as { version: string; rows: number };
  assert.equal(va.rows, 3);
  assert.match(va.version, /^[0-9a-f]{64}$/);
  const b = await d.request('/v1/snapshots?model=churn&role=reference', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(b.status, 200);
  assert.equal(((await b.json()) as { version: string }).version, va.version);
  const snap = await d.runtime.reader.snapshot(va.version);
  assert.deepEqual([...(snap!.columns.age as Float64Array)], [31, 45, 52]);
  assert.deepEqual(snap!.columns.plan, ['free', 'pro', 'pro']);
  const bad = await d.request('/v1/snapshots?model=churn&role=sideways', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(bad.status, 400);
  const notParquet = await d.request('/v1/snapshots?model=churn&role=current', { method: 'POST', body: csv, headers: { 'content-type': 'application/vnd.apache.parquet' } });
  assert.equal(notParquet.status, 400);
});

test('health, OpenAPI and the JSON error shape', async () => {
  assert.equal((await d.request('/livez')).status, 200);
  const ready = await d.request('/readyz');
  assert.equal(ready.status, 200);
  const doc = (await (await d.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
  assert.equal(doc.openapi, '3.1.0');
  for (const p of ['/v1/predictions', '/v1/labels', '/v1/logs', '/v1/metrics', '/v1/snapshots', '/v1/models']) assert.ok(doc.paths[p], p);
  const nf = await d.request('/v1/nope');
  assert.equal(nf.status, 404);
  assert.deepEqual(Object.keys((await nf.json()) as object).sort(), ['error', 'message']);
  const metrics = await (await d.request('/metrics')).text();
  assert.match(metrics, /sidewatch_ingest_rows_total\{[^}]*kind="predictions"[^}]*\} \d+/);
});
