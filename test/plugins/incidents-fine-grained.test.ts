// Through the real daemon, with metrics ingested over HTTP: a CPU hog on the database shows in
// its CPU first and in its latency (which moves far more) a minute later, then in its caller.
// The incident's ranking names the database's CPU first, not its latency.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { getJson, incidentsConfig, minute, post, runStage, seeded } from './incidents-helpers.ts';

let d: TestDaemon;
const now = Date.now();
const hogAt = now - 25 * minute;

before(async () => {
  d = await startTestDaemon({
    config: incidentsConfig(`    max_gap: 15m
    close_after: 30m
    topology:
      orders: [db]
      db: []
    rca:
      bucket: 1m
      baseline: 60m
      lead: 30m
`),
  });
  const rnd = seeded(7);
  const noise = (scale: number) => (rnd() - 0.5) * 2 * scale;
  const rows: unknown[] = [];
  for (let t = now - 120 * minute; t < now; t += minute) {
    rows.push({ name: 'db_cpu_percent', labels: { service: 'db' }, ts: t, value: (t >= hogAt ? 70 : 35) + noise(2) });
    rows.push({ name: 'db_latency_ms', labels: { service: 'db' }, ts: t, value: (t >= hogAt + minute ? 90 : 10) + noise(1) });
    rows.push({ name: 'orders_latency_ms', labels: { service: 'orders' }, ts: t, value: (t >= hogAt + 2 * minute ? 140 : 50) + noise(3) });
  }
  await post(d, '/v1/metrics', rows);
  const preds = [];
  for (let i = 0; i < 60; i++) preds.push({ model: 'shop', version: 'v1', id: `a${i}`, ts: now - 100 * minute + i * 1000, features: { x: i }, prediction: 1 });
  await post(d, '/v1/predictions', preds);
});
after(async () => d?.cleanup());

test('an incident from metrics over HTTP names the faulty resource of the faulty service first', async () => {
  assert.equal((await runStage(d, 'volume')).findings, 1);
  await runStage(d, 'incidents');
  const [inc] = await getJson<{ id: number; top_cause: { name: string } | null }[]>(d, '/v1/incidents');
  const detail = await getJson<{ rca: { ranking: { name: string; node?: string; evidence: { peak_z: number; change: number | null } }[] } }>(d, `/v1/incidents/${inc!.id}`);
  const names = detail.rca.ranking.map((c) => c.name);
  assert.equal(names[0], 'db_cpu_percent{service="db"}', names.join(', '));
  assert.equal(inc!.top_cause?.name, 'db_cpu_percent{service="db"}');
  const latency = detail.rca.ranking.find((c) => c.name === 'db_latency_ms{service="db"}')!;
  assert.ok(latency.evidence.peak_z > detail.rca.ranking[0]!.evidence.peak_z, 'the latency moved more than the CPU');
  assert.ok(names.indexOf('db_latency_ms{service="db"}') < names.indexOf('orders_latency_ms{service="orders"}'));
});
