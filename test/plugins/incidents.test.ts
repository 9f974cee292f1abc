// Incidents and root-cause rankings through the real daemon: metrics where one service's latency
// shifts first and its callers follow, a silent model's findings, and the incidents stage run
// through the API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { getJson, incidentsConfig, minute, post, runStage, seeded } from './incidents-helpers.ts';

interface Candidate {
  rank: number;
  type: string;
  name: string;
  score: number;
  node?: string;
  evidence: Record<string, unknown>;
}
interface IncidentSummary {
  id: number;
  status: string;
  start: string;
  end: string;
  member_count: number;
  kinds: Record<string, number>;
  revision: number;
  top_cause: Candidate | null;
}
interface IncidentDetail extends IncidentSummary {
  symptom: { kind: string };
  members: { key: string; kind: string; labels: Record<string, string> }[];
  rca: { incident_id: number; ranking: Candidate[]; window: { start: number } };
}


describe('incidents stage and API', () => {
  let d: TestDaemon;
  const now = Date.now();
  const shiftAt = { db: now - 25 * minute, orders: now - 18 * minute, frontend: now - 12 * minute };

  before(async () => {
    d = await startTestDaemon({
      config: incidentsConfig(`    max_gap: 15m
    close_after: 30m
    topology:
      frontend: [orders]
      orders: [db]
      db: []
      cache: []
    rca:
      bucket: 1m
      baseline: 60m
      lead: 30m
`),
    });
    const rnd = seeded(42);
    const noise = (scale: number) => (rnd() - 0.5) * 2 * scale;
    const rows: unknown[] = [];
    for (let t = now - 120 * minute; t < now; t += minute) {
      rows.push({ name: 'db_latency_ms', labels: { service: 'db' }, ts: t, value: (t >= shiftAt.db ? 80 : 10) + noise(1) });
      rows.push({ name: 'orders_latency_ms', labels: { service: 'orders' }, ts: t, value: (t >= shiftAt.orders ? 150 : 50) + noise(3) });
      rows.push({ name: 'frontend_errors', labels: { service: 'frontend' }, ts: t, value: (t >= shiftAt.frontend ? 20 : 1) + noise(0.5) });
      rows.push({ name: 'cache_hit_ratio', labels: { service: 'cache' }, ts: t, value: 0.9 + noise(0.02) });
    }
    await post(d, '/v1/metrics', rows);
    // The model went quiet 30 minutes ago, after a new version went live 40 minutes ago.
    const preds = [];
    for (let i = 0; i < 60; i++) preds.push({ model: 'shop', version: 'v1', id: `a${i}`, ts: now - 100 * minute + i * 1000, features: { x: i }, prediction: 1 });
    for (let i = 0; i < 60; i++) preds.push({ model: 'shop', version: 'v2', id: `b${i}`, ts: now - 40 * minute + i * 1000, features: { x: i }, prediction: 0 });
    await post(d, '/v1/predictions', preds);
  });
  after(async () => d?.cleanup());

  it('groups a finding into an incident and ranks the service that shifted first as its cause', async () => {
    assert.equal((await runStage(d, 'volume')).findings, 1);
    await runStage(d, 'incidents');
    const list = await getJson<IncidentSummary[]>(d, '/v1/incidents');
    assert.equal(list.length, 1);
    assert.equal(list[0]!.status, 'open');
    assert.deepEqual(list[0]!.kinds, { 'volume.silent': 1 });
    assert.equal(list[0]!.top_cause?.name, 'db_latency_ms{service="db"}');

    const inc = await getJson<IncidentDetail>(d, `/v1/incidents/${list[0]!.id}`);
    assert.equal(inc.symptom.kind, 'volume.silent');
    assert.equal(inc.members.length, 1);
    assert.equal(inc.members[0]!.labels.model, 'shop');
    const names = inc.rca.ranking.map((c) => c.name);
    assert.equal(names[0], 'db_latency_ms{service="db"}');
    assert.equal(inc.rca.ranking[0]!.node, 'db');
    // The followers rank behind the cause, in the order the fault travelled up the call graph.
    assert.ok(names.indexOf('orders_latency_ms{service="orders"}') > 0);
    assert.ok(names.indexOf('frontend_errors{service="frontend"}') > names.indexOf('orders_latency_ms{service="orders"}'));
    // Evidence: the onset sits at the shift, and the cause moved far from its own baseline.
    const ev = inc.rca.ranking[0]!.evidence as { onset: number; mean_z: number; baseline: number };
    assert.ok(Math.abs(ev.onset - shiftAt.db) <= minute, `onset ${new Date(ev.onset).toISOString()}`);
    assert.ok(Math.abs(ev.baseline - 10) < 1);
    assert.ok(ev.mean_z > 10);
    // The new model version is a candidate too, with when it appeared.
    const deploy = inc.rca.ranking.find((c) => c.type === 'model_version');
    assert.equal(deploy?.name, 'shop@v2');
    assert.ok(Math.abs((deploy!.evidence.at as number) - (now - 40 * minute)) < 1000);
    // The steady series is no candidate worth its name.
    const cache = inc.rca.ranking.find((c) => c.name.startsWith('cache_hit_ratio'));
    assert.ok(!cache || cache.score < inc.rca.ranking[0]!.score / 4);
  });

  it('grows the open incident on the next run instead of opening another', async () => {
    await runStage(d, 'volume');
    await runStage(d, 'incidents');
    const list = await getJson<IncidentSummary[]>(d, '/v1/incidents');
    assert.equal(list.length, 1);
    assert.equal(list[0]!.member_count, 2);
    assert.equal(list[0]!.revision, 2);
    // A run with nothing new leaves the incident as it was.
    await runStage(d, 'incidents');
    const again = await getJson<IncidentSummary[]>(d, '/v1/incidents');
    assert.equal(again[0]!.revision, 2);
  });

  it('answers 404 for an unknown incident and 400 for a bad id or status', async () => {
    await getJson(d, '/v1/incidents/999', 404);
    await getJson(d, '/v1/incidents/abc', 400);
    await getJson(d, '/v1/incidents?status=bogus', 400);
  });

  it('describes its paths in the OpenAPI document', async () => {
    const doc = await getJson<{ paths: Record<string, unknown> }>(d, '/openapi.json');
    for (const p of ['/v1/incidents', '/v1/incidents/{id}', '/v1/correlations', '/v1/failure-risk']) assert.ok(doc.paths[p], p);
  });
});

describe('incident lifecycle', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon({ config: incidentsConfig('    max_gap: 300ms\n    close_after: 600ms\n') });
    await post(d, '/v1/predictions', [{ model: 'quiet', id: '1', ts: Date.now() - 10 * minute, features: { x: 1 }, prediction: 1 }]);
  });
  after(async () => d?.cleanup());

  it('closes a quiet incident for good and opens a new one for later findings', async () => {
    await runStage(d, 'volume');
    await runStage(d, 'incidents');
    const [first] = await getJson<IncidentSummary[]>(d, '/v1/incidents?status=open');
    assert.ok(first);
    await new Promise((r) => setTimeout(r, 800));
    await runStage(d, 'incidents');
    const closed = await getJson<IncidentSummary[]>(d, '/v1/incidents?status=closed');
    assert.deepEqual(closed.map((i) => i.id), [first.id]);

    await runStage(d, 'volume');
    await runStage(d, 'incidents');
    const all = await getJson<IncidentSummary[]>(d, '/v1/incidents?status=all');
    assert.equal(all.length, 2);
    const old = all.find((i) => i.id === first.id)!;
    const fresh = all.find((i) => i.id !== first.id)!;
    assert.equal(old.status, 'closed');
    assert.equal(old.member_count, 1);
    assert.equal(fresh.status, 'open');
    assert.equal(fresh.member_count, 1);
    assert.ok(fresh.id > first.id);
  });
});
