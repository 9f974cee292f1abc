// What arrives through the receivers feeds the same stages as the native endpoints: predictions
// joined from CloudEvents get drift and performance results, and OTLP metrics get metric
// anomalies, through a real daemon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { seeded } from '../plugins/incidents-helpers.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({
    config: `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  drift:\n    every: 1h\n    window: 2h\n    reference:\n      first_rows: 300\n  performance:\n    every: 1h\n  metric-anomaly:\n    every: 1h\n    bucket: 1m\n    history: 30\n`,
  });
});
after(async () => d?.cleanup());

const run = async (stage: string) => {
  const r = (await (await d.request(`/v1/stages/${stage}/run`, { method: 'POST' })).json()) as { outcome: string; error: string | null };
  assert.equal(r.outcome, 'ok', String(r.error));
};

test('predictions from CloudEvents get drift and performance results', async () => {
  const rnd = seeded(3);
  const normal = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const events: unknown[] = [];
  const labels: unknown[] = [];
  const t0 = Date.now() - 90 * 60_000;
  // 300 requests of two instances each: the first 150 from N(0, 1), the rest shifted by 3.
  for (let p = 0; p < 300; p++) {
    const shift = p >= 150 ? 3 : 0;
    const xs = [normal() + shift, normal() + shift];
    const base = { specversion: '1.0', source: 'http://localhost:9081/', inferenceservicename: 'ce-model', datacontenttype: 'application/json', time: new Date(t0 + p * 10_000).toISOString() };
    events.push({ ...base, id: `p${p}`, type: 'org.kubeflow.serving.inference.request', data: { instances: xs.map((x) => ({ x })) } });
    events.push({ ...base, id: `p${p}`, type: 'org.kubeflow.serving.inference.response', data: { predictions: xs.map((x) => [1 / (1 + Math.exp(x)), 1 - 1 / (1 + Math.exp(x))]) } });
    xs.forEach((x, i) => labels.push({ model: 'ce-model', id: `p${p}/${i}`, label: rnd() < 0.9 ? Number(x > 0) : Number(x <= 0) }));
  }
  const res = await d.request('/v1/cloudevents', { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(events) });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).accepted, 600);
  assert.equal((await d.request('/v1/labels', { method: 'POST', json: labels })).status, 200);
  const models = (await (await d.request('/v1/models')).json()) as { model: string; predictions: number; labels: number }[];
  assert.deepEqual(models.find((m) => m.model === 'ce-model'), { ...models.find((m) => m.model === 'ce-model'), predictions: 600, labels: 600 });

  await run('drift');
  const drift = (await (await d.request('/v1/results?kind=drift.report&model=ce-model')).json()) as { payload: { report: { columns: { name: string; drift: boolean }[] } } }[];
  assert.equal(drift.length, 1);
  assert.equal(drift[0]!.payload.report.columns.find((c) => c.name === 'x')!.drift, true);

  await run('performance');
  const perf = (await (await d.request('/v1/results?kind=performance.realized&model=ce-model')).json()) as { payload: { overall: { accuracy: number } } }[];
  assert.equal(perf.length, 1);
  assert.ok(perf[0]!.payload.overall.accuracy > 0.8 && perf[0]!.payload.overall.accuracy < 0.97, String(perf[0]!.payload.overall.accuracy));
});

test('OTLP gauges get metric anomalies like posted metrics', async () => {
  const minute = 60_000;
  const end = Math.floor(Date.now() / minute) * minute;
  const wobble = (m: number) => ((m * 7919) % 11) / 10 - 0.5;
  const dataPoints = [];
  for (let m = 80; m >= 1; m--) dataPoints.push({ timeUnixNano: String(BigInt(end - m * minute + 1000) * 1_000_000n), asDouble: (m <= 20 ? 80 : 40) + 2 * wobble(m) });
  const body = { resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] }, scopeMetrics: [{ metrics: [{ name: 'db_latency_ms', gauge: { dataPoints } }] }] }] };
  const res = await d.request('/otlp/v1/metrics', { method: 'POST', json: body });
  assert.equal(res.status, 200);
  await run('metric-anomaly');
  const found = (await (await d.request('/v1/anomalies?source=metrics')).json()) as { kind: string; labels: Record<string, string>; details: Record<string, unknown> }[];
  const shift = found.find((f) => f.kind === 'metrics.level_shift' && f.labels.series === 'db_latency_ms{service="orders"}');
  assert.ok(shift, JSON.stringify(found.map((f) => [f.kind, f.labels.series])));
  assert.equal(new Date(String(shift.details.bucket_start)).getTime(), end - 20 * minute);
});
