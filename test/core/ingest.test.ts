import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { Storage } from '../../core/storage/db.ts';
import { PredictionTables } from '../../core/storage/prediction-tables.ts';
import { validatePredictions, type PredictionRow } from '../../core/ingest/validate-predictions.ts';
import { GroupCommit } from '../../core/storage/group-commit.ts';

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
  // A corrected label (the same id again, in one batch and across batches) is still one labelled id,
  // and the count kept at ingest agrees with counting the stored labels.
  assert.equal((await d.request('/v1/labels', { method: 'POST', json: [{ model: 'churn', id: 'r1', label: 0 }, { model: 'churn', id: 'r1', label: 1 }, { model: 'churn', id: 'new', label: 1 }] })).status, 200);
  assert.equal((await models()).find((x) => x.model === 'churn')!.labels, 4);
  const counted = await d.runtime.storage.one<{ n: number }>("SELECT count(DISTINCT id)::INTEGER AS n FROM labels WHERE model = 'churn'");
  assert.equal(counted!.n, 4);
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

// The write path below the HTTP layer: an in-memory store per test.
async function openTables(): Promise<{ storage: Storage; tables: PredictionTables }> {
  const storage = await Storage.open(':memory:');
  const tables = new PredictionTables(storage);
  await tables.load();
  return { storage, tables };
}

type StoredRow = { seq: number; id: string; raw_features: string | null } & Record<string, unknown>;

async function storedRows(storage: Storage, tables: PredictionTables, model: string): Promise<StoredRow[]> {
  const t = tables.get(model)!;
  const cols = t.features.map((f) => `f_${f.position} AS "${f.name}"`).join(', ');
  return storage.all<StoredRow>(`SELECT seq, id, raw_features${cols ? `, ${cols}` : ''} FROM ${t.table} ORDER BY seq`);
}

const wire = (model: string, id: string, features: Record<string, unknown>) => ({ model, id, ts: 1_700_000_000_000, features, prediction: 1 });

test('a batch larger than one data chunk keeps every value, null and missing feature in order', async () => {
  const { storage, tables } = await openTables();
  try {
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) =>
      wire('big', `b${i}`, i % 7 === 0 ? { x: null, flag: i % 2 === 0 } : { x: i * 0.5, name: `n${i % 3}`, flag: i % 2 === 0 }),
    );
    assert.equal(await tables.append(validatePredictions(rows, 0), 0), n);
    const got = await storedRows(storage, tables, 'big');
    assert.equal(got.length, n);
    assert.deepEqual(
      got.map((r) => r.seq),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    for (let i = 0; i < n; i++) {
      const r = got[i]!;
      assert.equal(r.id, `b${i}`);
      assert.equal(r.x, i % 7 === 0 ? null : i * 0.5);
      assert.equal(r.name, i % 7 === 0 ? null : `n${i % 3}`);
      assert.equal(r.flag, i % 2 === 0);
      assert.equal(r.raw_features, null);
    }
  } finally {
    await storage.close();
  }
});

test('new columns take the type of their first non-null value, in the order those values came', async () => {
  const { storage, tables } = await openTables();
  try {
    await tables.append(validatePredictions([wire('order', 'a', { late: null, first: 1 }), wire('order', 'b', { late: 'q', first: 2, third: true })], 0), 0);
    assert.deepEqual(
      tables.get('order')!.features.map((f) => [f.name, f.type, f.position]),
      [
        ['first', 'number', 0],
        ['late', 'string', 1],
        ['third', 'boolean', 2],
      ],
    );
    // A feature named __proto__ was never a column: it would not survive a plain object.
    await tables.append(validatePredictions([wire('order', 'c', JSON.parse('{"__proto__": 3, "first": 4}') as Record<string, unknown>)], 0), 0);
    assert.equal(tables.get('order')!.byName.has('__proto__'), false);
    const got = await storedRows(storage, tables, 'order');
    assert.deepEqual(
      got.map((r) => [r.id, r.first, r.late, r.third]),
      [
        ['a', 1, null, null],
        ['b', 2, 'q', true],
        ['c', 4, null, null],
      ],
    );
  } finally {
    await storage.close();
  }
});

test('batches waiting for the writer commit together, each with its own rows, columns and misfits', async () => {
  const { storage, tables } = await openTables();
  try {
    const first = tables.append(validatePredictions([wire('g', 'g0', { x: 1 })], 0), 0);
    // These three arrive while the first is being written, so they share the next transaction.
    const more = [
      tables.append(validatePredictions([wire('g', 'g1', { x: 'oops' }), wire('g', 'g2', { x: 2, y: 'new' })], 0), 0),
      tables.append(validatePredictions([wire('h', 'h0', { z: true })], 0), 0),
      tables.append(validatePredictions([wire('g', 'g3', { y: 'again', x: 3 })], 0), 0),
    ];
    assert.equal(tables.pendingBatches, 4);
    assert.deepEqual(await Promise.all([first, ...more]), [1, 2, 1, 1]);
    assert.equal(tables.pendingBatches, 0);
    const g = await storedRows(storage, tables, 'g');
    assert.deepEqual(
      g.map((r) => [r.seq, r.id, r.x, r.y, r.raw_features]),
      [
        [1, 'g0', 1, null, null],
        [2, 'g1', null, null, '{"x":"oops"}'],
        [3, 'g2', 2, 'new', null],
        [4, 'g3', 3, 'again', null],
      ],
    );
    assert.deepEqual((await storedRows(storage, tables, 'h')).map((r) => [r.id, r.z]), [['h0', true]]);
  } finally {
    await storage.close();
  }
});

test('a batch that fails to write does not take the batches it was grouped with down', async () => {
  const { storage, tables } = await openTables();
  try {
    await tables.append(validatePredictions([wire('gone', 'x0', { a: 1 })], 0), 0);
    // The table disappears behind the store's back, so any write to it fails.
    await storage.run(`DROP TABLE ${tables.get('gone')!.table}`);
    const first = tables.append(validatePredictions([wire('kept', 'k0', { a: 1 })], 0), 0);
    const failing = tables.append(validatePredictions([wire('gone', 'x1', { a: 2 })], 0), 0);
    const grouped = tables.append(validatePredictions([wire('kept', 'k1', { a: 2, b: 'new' })], 0), 0);
    await first;
    await assert.rejects(failing, /gone|pred_|does not exist/i);
    assert.equal(await grouped, 1);
    assert.deepEqual(
      (await storedRows(storage, tables, 'kept')).map((r) => [r.seq, r.id, r.a, r.b]),
      [
        [1, 'k0', 1, null],
        [2, 'k1', 2, 'new'],
      ],
    );
  } finally {
    await storage.close();
  }
});

test('predictions built in code as rows are stored like validated ones', async () => {
  const { storage, tables } = await openTables();
  try {
    const rows: PredictionRow[] = [
      { model: 'code', version: 'v2', id: 'c0', ts: 1_700_000_000_000, features: { a: 1.5, b: 'x' }, predictionNum: 1, predictionStr: null, score: 0.25, segment: 'eu', attributes: { k: 'v' } },
      { model: 'code', version: null, id: null, ts: 1_700_000_000_001, features: { a: 'str' }, predictionNum: null, predictionStr: 'yes', score: null, segment: null, attributes: null },
    ];
    assert.equal(await tables.append(rows, 1_700_000_100_000), 2);
    assert.equal(await tables.append([], 0), 0);
    const t = tables.get('code')!;
    const got = await storage.all<Record<string, unknown>>(
      `SELECT version, id, segment, prediction_num, prediction_str, score, attributes, raw_features, epoch_ms(ts) AS ts, epoch_ms(received_at) AS rec, f_0, f_1 FROM ${t.table} ORDER BY seq`,
    );
    assert.deepEqual(got, [
      { version: 'v2', id: 'c0', segment: 'eu', prediction_num: 1, prediction_str: null, score: 0.25, attributes: '{"k":"v"}', raw_features: null, ts: 1_700_000_000_000, rec: 1_700_000_100_000, f_0: 1.5, f_1: 'x' },
      { version: null, id: null, segment: null, prediction_num: null, prediction_str: 'yes', score: null, attributes: null, raw_features: '{"a":"str"}', ts: 1_700_000_000_001, rec: 1_700_000_100_000, f_0: null, f_1: null },
    ]);
  } finally {
    await storage.close();
  }
});

test('group commit: waiting items share one write, bounded by weight, and a failure is isolated', async () => {
  const groups: number[][] = [];
  const gc = new GroupCommit<number>({
    write: async (items) => {
      groups.push(items);
      await new Promise((r) => setTimeout(r, 5));
      if (items.includes(7)) throw new Error('7 refused');
    },
    weigh: (n) => n,
    maxWeight: 10,
  });
  const all = [1, 2, 3, 4, 7, 5].map((n) => gc.submit(n).then(() => 'ok', (e: Error) => e.message));
  assert.equal(gc.pending, 6);
  assert.deepEqual(await Promise.all(all), ['ok', 'ok', 'ok', 'ok', '7 refused', 'ok']);
  assert.equal(gc.pending, 0);
  // 1 alone (nothing waited yet); then 2+3+4 (9 ≤ 10); 7 (7+5 is over the bound); 5. A failing group of one is not retried.
  assert.deepEqual(groups, [[1], [2, 3, 4], [7], [5]]);
  groups.length = 0;
  const mixed = [6, 7, 1].map((n) => gc.submit(n).then(() => 'ok', (e: Error) => e.message));
  assert.deepEqual(await Promise.all(mixed), ['ok', '7 refused', 'ok']);
  // 6 alone, then 7+1 together fails and each is retried on its own.
  assert.deepEqual(groups, [[6], [7, 1], [7], [1]]);
});
