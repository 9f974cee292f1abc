// The Parquet export through the daemon: Hive folders by model and date, read back with DuckDB
// read_parquet(hive_partitioning=true); later runs append only new rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startTestDaemon, tempDir, type TestDaemon } from '../helpers/daemon.ts';

const exportDir = tempDir('sidewatch-export-');
let d: TestDaemon;
const day = (iso: string) => iso.slice(0, 10);

before(async () => {
  d = await startTestDaemon({ config: `server:\n  port: 0\nlog:\n  requests: false\nexport:\n  dir: ${JSON.stringify(exportDir)}\n  every: 1h\n` });
});
after(() => d.cleanup());

async function post(path: string, json: unknown) {
  const r = await d.request(path, { method: 'POST', json });
  assert.equal(r.status, 200, await r.text());
}

async function query<T>(sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const t1 = '2026-03-01T10:00:00.000Z';
const t2 = '2026-03-02T11:30:00.000Z';

test('predictions, labels and logs land in Hive partitions and read back', async () => {
  const preds = [
    ...Array.from({ length: 30 }, (_, i) => ({ model: 'churn', id: `c${i}`, ts: i < 10 ? t1 : t2, features: { age: 20 + i, plan: i % 2 ? 'pro' : 'basic' }, prediction: i % 2, score: i / 30 })),
    ...Array.from({ length: 12 }, (_, i) => ({ model: 'fraud@eu', id: `f${i}`, ts: t2, features: { amount: i * 10 }, prediction: 'ok' })),
  ];
  await post('/v1/predictions', preds);
  await post('/v1/labels', [{ model: 'churn', id: 'c1', label: 1, ts: t2 }]);
  const logs = await d.request('/v1/logs', { method: 'POST', body: `{"ts":"${t1}","level":"info","message":"a"}\n{"ts":"${t2}","level":"error","message":"b"}`, headers: { 'content-type': 'application/x-ndjson' } });
  assert.equal(logs.status, 200);

  const r = await d.request('/v1/export/run', { method: 'POST' });
  assert.equal(r.status, 200);
  const report = (await r.json()) as { rows: number; targets: { key: string; rows: number }[] };
  const byKey = Object.fromEntries(report.targets.map((t) => [t.key, t.rows]));
  assert.equal(byKey['predictions:churn'], 30);
  assert.equal(byKey['predictions:fraud@eu'], 12);
  assert.equal(byKey.labels, 1);
  assert.equal(byKey.logs, 2);

  const churnDir = join(exportDir, 'predictions', 'model=churn');
  assert.deepEqual(readdirSync(churnDir).sort(), [`date=${day(t1)}`, `date=${day(t2)}`]);
  assert.ok(readdirSync(join(churnDir, `date=${day(t1)}`)).every((f) => f.endsWith('.parquet')));
  assert.ok(existsSync(join(exportDir, 'logs', `date=${day(t2)}`)));

  const counts = await query<{ model: string; date: string; n: number; ages: number }>(
    `SELECT model, date::VARCHAR AS date, count(*)::INTEGER AS n, count(age)::INTEGER AS ages
     FROM read_parquet('${exportDir}/predictions/**/*.parquet', hive_partitioning = true, union_by_name = true) GROUP BY ALL ORDER BY model, date`,
  );
  assert.deepEqual(counts, [
    { model: 'churn', date: day(t1), n: 10, ages: 10 },
    { model: 'churn', date: day(t2), n: 20, ages: 20 },
    { model: 'fraud@eu', date: day(t2), n: 12, ages: 0 },
  ]);
  const [row] = await query<{ age: number; plan: string; score: number }>(
    `SELECT age, plan, score FROM read_parquet('${exportDir}/predictions/model=churn/*/*.parquet', hive_partitioning = true) WHERE id = 'c3'`,
  );
  assert.deepEqual(row, { age: 23, plan: 'pro', score: 3 / 30 });
  const labels = await query<{ model: string; id: string; label_num: number }>(`SELECT model, id, label_num FROM read_parquet('${exportDir}/labels/**/*.parquet', hive_partitioning = true)`);
  assert.deepEqual(labels, [{ model: 'churn', id: 'c1', label_num: 1 }]);
});

test('a second run appends only what arrived since, without duplicates', async () => {
  const again = (await (await d.request('/v1/export/run', { method: 'POST' })).json()) as { rows: number };
  assert.equal(again.rows, 0);
  await post('/v1/predictions', Array.from({ length: 5 }, (_, i) => ({ model: 'churn', id: `n${i}`, ts: t2, features: { age: 50, plan: 'pro' }, prediction: 1 })));
  const third = (await (await d.request('/v1/export/run', { method: 'POST' })).json()) as { targets: { key: string; rows: number }[] };
  assert.deepEqual(third.targets.map((t) => [t.key, t.rows]), [['predictions:churn', 5]]);
  const [c] = await query<{ n: number; seqs: number }>(
    `SELECT count(*)::INTEGER AS n, count(DISTINCT seq)::INTEGER AS seqs FROM read_parquet('${exportDir}/predictions/model=churn/**/*.parquet', hive_partitioning = true)`,
  );
  assert.deepEqual(c, { n: 35, seqs: 35 });
  const runs = (await (await d.request('/v1/export/runs')).json()) as { rows: number; error: string | null }[];
  assert.deepEqual(runs.map((r) => r.rows), [5, 0, 1 + 2 + 42]);
  assert.ok(runs.every((r) => r.error === null));
});
