// OTLP/HTTP push to a collector stand-in (a real HTTP server on 127.0.0.1): the daemon's metrics
// arrive as OTLP JSON with the configured headers, and a last push is sent on stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestDaemon } from '../helpers/daemon.ts';

interface OtlpBody {
  resourceMetrics: { scopeMetrics: { metrics: { name: string; sum?: { dataPoints: { asInt?: number | string; asDouble?: number; attributes: { key: string; value: { stringValue?: string } }[] }[] } }[] }[] }[];
}

test('metrics are pushed by OTLP/HTTP when an endpoint is configured', async () => {
  const received: { headers: Record<string, string | string[] | undefined>; body: OtlpBody }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const d = await startTestDaemon({
    config: `server:\n  port: 0\nlog:\n  requests: false\ntelemetry:\n  otlp:\n    endpoint: http://127.0.0.1:${port}/v1/metrics\n    interval: 1h\n    headers:\n      x-collector-key: k123\n`,
  });
  try {
    const r = await d.request('/v1/predictions', { method: 'POST', json: Array.from({ length: 7 }, (_, i) => ({ model: 'm', id: String(i), features: { x: i }, prediction: i })) });
    assert.equal(r.status, 200);
  } finally {
    await d.cleanup();
    server.close();
  }
  assert.ok(received.length >= 1, 'the collector received a push on stop');
  const last = received.at(-1)!;
  assert.equal(last.headers['x-collector-key'], 'k123');
  assert.match(String(last.headers['content-type']), /json/);
  const metrics = last.body.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((s) => s.metrics));
  const rows = metrics.find((m) => m.name === 'sidewatch_ingest_rows');
  assert.ok(rows?.sum, `sidewatch_ingest_rows pushed; got ${metrics.map((m) => m.name).join(', ')}`);
  const point = rows.sum.dataPoints.find((p) => p.attributes.some((a) => a.key === 'kind' && a.value.stringValue === 'predictions'));
  assert.equal(Number(point?.asInt ?? point?.asDouble), 7);
  assert.ok(metrics.some((m) => m.name === 'sidewatch_model_predictions'), 'storage gauges are pushed too');
});
