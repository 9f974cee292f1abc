// The call graph incidents use, learned from traces instead of written by hand: two services
// export spans (orders calls db) with the SDK's OTLP exporter, a CPU hog on db moves its CPU,
// then its latency, then its caller's; the incident's ranking runs on the trace-derived graph.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { getJson, incidentsConfig, minute, post, runStage, seeded } from '../plugins/incidents-helpers.ts';

let d: TestDaemon;
const now = Date.now();
const hogAt = now - 25 * minute;

before(async () => {
  d = await startTestDaemon({ config: incidentsConfig(`    max_gap: 15m\n    close_after: 30m\n    rca:\n      bucket: 1m\n      baseline: 60m\n      lead: 30m\n`) });
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

  const exporter = (service: string) => new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${d.url}/otlp/v1/traces` }))] });
  const orders = exporter('orders');
  const db = exporter('db');
  for (let i = 0; i < 5; i++) {
    const client = orders.getTracer('o').startSpan('SELECT orders', { kind: SpanKind.CLIENT });
    db.getTracer('d').startSpan('query', { kind: SpanKind.SERVER }, trace.setSpanContext(context.active(), client.spanContext())).end();
    client.end();
  }
  await orders.forceFlush();
  await db.forceFlush();
});
after(async () => d?.cleanup());

test('with no topology configured, incidents rank causes on the call graph the traces showed', async () => {
  assert.deepEqual((await d.runtime.reader.serviceCalls()).map((c) => `${c.parent}->${c.child}`), ['orders->db']);
  assert.equal((await runStage(d, 'volume')).findings, 1);
  await runStage(d, 'incidents');
  const [inc] = await getJson<{ id: number }[]>(d, '/v1/incidents');
  const detail = await getJson<{ rca: { graph: { source: string; nodes: string[] }; ranking: { name: string; node?: string }[] } }>(d, `/v1/incidents/${inc!.id}`);
  assert.equal(detail.rca.graph.source, 'traces');
  assert.deepEqual([...detail.rca.graph.nodes].sort(), ['db', 'orders']);
  const names = detail.rca.ranking.map((c) => c.name);
  assert.equal(names[0], 'db_cpu_percent{service="db"}', names.join(', '));
  assert.equal(detail.rca.ranking[0]!.node, 'db');
});
