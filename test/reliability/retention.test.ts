// Retention deletes what is older than each kind's limit, keeps the rest, and with its
// CHECKPOINT keeps the database file from growing over repeated insert/delete cycles.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { runRetention } from '../../core/retention/module.ts';

const started: TestDaemon[] = [];
after(async () => {
  for (const d of started) await d.cleanup();
});

const config = (check = '1h') => `server:
  port: 0
  body_limit_mb: 64
log:
  requests: false
storage:
  retention_check: ${check}
  retention:
    predictions: 1h
    labels: 1h
    logs: 1h
    metrics: 1h
    stage_results: 1h
    findings: 1h
stages:
  volume:
    every: 1h
`;

async function post(d: TestDaemon, path: string, rows: unknown[], contentType = 'application/json') {
  const body = contentType === 'application/x-ndjson' ? rows.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(rows);
  const res = await d.request(path, { method: 'POST', body, headers: { 'content-type': contentType } });
  assert.equal(res.status, 200, await res.clone().text());
}

async function count(d: TestDaemon, table: string): Promise<number> {
  return (await d.runtime.storage.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))!.n;
}

test('old rows of every kind are deleted and recent ones kept', async () => {
  const d = await startTestDaemon({ config: config() });
  started.push(d);
  const now = Date.now();
  const old = now - 2 * 3_600_000;
  const recent = now - 60_000;
  const preds = (ts: number, tag: string) => Array.from({ length: 30 }, (_, i) => ({ model: 'keep', id: `${tag}${i}`, ts, features: { x: i }, prediction: 1 }));
  await post(d, '/v1/predictions', [...preds(old, 'o'), ...preds(recent, 'r')]);
  await post(d, '/v1/labels', [
    { model: 'keep', id: 'o1', label: 1, ts: old },
    { model: 'keep', id: 'r1', label: 0, ts: recent },
  ]);
  await post(d, '/v1/metrics', [
    { name: 'cpu', value: 1, ts: old },
    { name: 'cpu', value: 2, ts: recent },
  ]);
  await post(d, '/v1/logs', [{ ts: old, message: 'old line' }, { ts: recent, message: 'new line' }], 'application/x-ndjson');
  // Stage results and findings carry their own clock: age two of them directly.
  assert.equal((await d.request('/v1/stages/volume/run', { method: 'POST' })).status, 200);
  assert.equal((await d.request('/v1/stages/volume/run', { method: 'POST' })).status, 200);
  const oldIso = new Date(old).toISOString();
  await d.runtime.storage.run('UPDATE stage_results SET created_at = $1::TIMESTAMP WHERE id = (SELECT min(id) FROM stage_results)', [oldIso]);
  await d.runtime.storage.run('UPDATE stage_runs SET started_at = $1::TIMESTAMP WHERE id = (SELECT min(id) FROM stage_runs)', [oldIso]);
  await d.runtime.storage.run(
    "INSERT INTO findings (id, run_id, stage, kind, severity, summary, labels, fingerprint, ts) VALUES (nextval('finding_seq'), NULL, 's', 'k', 'info', 'old', '{}', 'f1', $1::TIMESTAMP), (nextval('finding_seq'), NULL, 's', 'k', 'info', 'new', '{}', 'f2', now())",
    [oldIso],
  );
  const resultsBefore = await count(d, 'stage_results');
  const runsBefore = await count(d, 'stage_runs');

  const report = await runRetention(d.runtime);
  assert.deepEqual(report.deleted, { predictions: 30, labels: 1, logs: 1, metrics: 1, stage_results: 2, findings: 1 });
  assert.equal(report.checkpointed, true);
  const models = (await (await d.request('/v1/models')).json()) as { model: string; predictions: number; labels: number }[];
  assert.deepEqual(models.map((m) => [m.model, m.predictions, m.labels]), [['keep', 30, 1]]);
  assert.equal(await count(d, 'metrics'), 1);
  assert.deepEqual(await d.runtime.storage.all('SELECT message FROM logs'), [{ message: 'new line' }]);
  assert.equal(await count(d, 'stage_results'), resultsBefore - 1);
  assert.equal(await count(d, 'stage_runs'), runsBefore - 1);
  assert.deepEqual(await d.runtime.storage.all('SELECT summary FROM findings'), [{ summary: 'new' }]);
  // A second pass finds nothing more to delete.
  const again = await runRetention(d.runtime);
  assert.equal(Object.values(again.deleted).reduce((a, b) => a + (b ?? 0), 0), 0);
});

test('the schedule applies retention without being asked', async () => {
  const d = await startTestDaemon({ config: config('200ms') });
  started.push(d);
  await post(d, '/v1/metrics', [{ name: 'cpu', value: 1, ts: Date.now() - 7_200_000 }, { name: 'cpu', value: 2 }]);
  const deadline = Date.now() + 5000;
  while ((await count(d, 'metrics')) > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await count(d, 'metrics'), 1);
});

test('the database file stays bounded over repeated insert/delete cycles', async () => {
  const d = await startTestDaemon({ config: config() });
  started.push(d);
  const file = d.runtime.storage.path;
  const size = () => statSync(file).size + (statSync(`${file}.wal`, { throwIfNoEntry: false })?.size ?? 0);
  const sizes: number[] = [];
  for (let cycle = 0; cycle < 8; cycle++) {
    const ts = Date.now() - 2 * 3_600_000;
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const features: Record<string, number> = {};
      for (let f = 0; f < 10; f++) features[`f${f}`] = Math.sin(cycle * 1e5 + i * 13 + f);
      return { model: 'cycle', id: `c${cycle}-${i}`, ts, features, prediction: i % 2 };
    });
    await post(d, '/v1/predictions', rows);
    await post(d, '/v1/predictions', [{ model: 'cycle', id: `recent-${cycle}`, features: { f0: 1 }, prediction: 0 }]);
    const r = await runRetention(d.runtime);
    assert.equal(r.deleted.predictions, 20_000);
    sizes.push(size());
  }
  const models = (await (await d.request('/v1/models')).json()) as { predictions: number }[];
  assert.equal(models[0]!.predictions, 8);
  // Without reuse of freed blocks each cycle would add its ~20k rows × 12 columns again.
  if (process.env.SIDEWATCH_TEST_VERBOSE) console.log(sizes);
  const growthLate = sizes[7]! - sizes[3]!;
  const firstCycle = sizes[0]!;
  assert.ok(growthLate <= firstCycle * 0.25, `file grew from ${sizes[3]} to ${sizes[7]} bytes over the last four cycles (sizes ${sizes.join(', ')})`);
});
