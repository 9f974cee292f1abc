// OTLP/HTTP into a real daemon from the OpenTelemetry JS SDK's own exporters, JSON and protobuf
// (gzip too): log records become log rows with their trace ids, metrics become series
// (gauges, counters with their rate, histograms as count/sum/quantiles), and traces become
// per-service request/error/latency series plus the service call graph incidents use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace, SpanKind, SpanStatusCode, type Context } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter as MetricJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as MetricProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter as LogJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { gzipSync } from 'node:zlib';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
let otlpPort = 0;
before(async () => {
  // A free port for the second listener: bind one, release it, hand it to the daemon.
  const net = await import('node:net');
  otlpPort = await new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });
  d = await startTestDaemon({ config: `server:\n  port: 0\nlog:\n  requests: false\nreceivers:\n  otlp:\n    port: ${otlpPort}\n    span_window: 1s\n` });
});
after(async () => {
  await d.cleanup();
});

const resource = (service: string) => resourceFromAttributes({ 'service.name': service });

test('logs from the SDK exporters (JSON and protobuf): severity → level, service.name → source, body → message, trace ids kept', async () => {
  const tracer = new BasicTracerProvider({ resource: resource('checkout') }).getTracer('t');
  const span = tracer.startSpan('pay');
  const withSpan = trace.setSpan(context.active(), span);
  for (const [exporter, tag] of [
    [new LogJson({ url: `${d.url}/otlp/v1/logs` }), 'json'],
    [new LogProto({ url: `${d.url}/otlp/v1/logs`, compression: CompressionAlgorithm.GZIP }), 'proto'],
  ] as const) {
    const provider = new LoggerProvider({ resource: resource('checkout'), processors: [new SimpleLogRecordProcessor(exporter)] });
    const logger = provider.getLogger('app');
    logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: `payment ${tag} declined for order 42`, context: withSpan });
    logger.emit({ severityNumber: SeverityNumber.INFO, body: `payment ${tag} accepted for order 43` });
    await provider.forceFlush();
    await provider.shutdown();
  }
  span.end();
  const lines = await d.runtime.reader.logs({});
  const mine = lines.filter((l) => l.message.startsWith('payment '));
  assert.equal(mine.length, 4);
  const err = mine.find((l) => l.message === 'payment proto declined for order 42')!;
  assert.equal(err.level, 'error');
  assert.equal(err.source, 'checkout');
  assert.equal(mine.find((l) => l.message === 'payment json accepted for order 43')!.level, 'info', 'from the severity number alone');
  assert.ok(err.templateId, 'mined like any other line');
  const rows = await d.runtime.storage.all<{ message: string; trace_id: string | null; span_id: string | null }>("SELECT message, trace_id, span_id FROM logs WHERE message LIKE 'payment %' ORDER BY seq");
  const traced = rows.filter((r) => r.message.includes('declined'));
  assert.equal(traced.length, 2);
  for (const r of traced) {
    assert.equal(r.trace_id, span.spanContext().traceId, 'the same hex id from JSON and from protobuf');
    assert.equal(r.span_id, span.spanContext().spanId);
  }
  assert.ok(rows.filter((r) => r.message.includes('accepted')).every((r) => r.trace_id === null));
});

test('metrics from the SDK exporters: gauges, counters with a rate, histograms as count, sum and quantiles', async () => {
  for (const [exporter, tag] of [
    [new MetricJson({ url: `${d.url}/otlp/v1/metrics` }), 'json'],
    [new MetricProto({ url: `${d.url}/otlp/v1/metrics` }), 'proto'],
  ] as const) {
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ resource: resource('model-server'), readers: [reader] });
    const meter = provider.getMeter('m');
    let queue = 7;
    meter.createObservableGauge(`queue_depth_${tag}`).addCallback((r) => r.observe(queue, { pool: 'a' }));
    const requests = meter.createCounter(`requests_${tag}`);
    const latency = meter.createHistogram(`latency_${tag}`, { advice: { explicitBucketBoundaries: [10, 20, 50, 100] } });
    requests.add(5);
    for (const v of [5, 15, 15, 30, 80]) latency.record(v);
    await reader.forceFlush();
    requests.add(20);
    queue = 9;
    await new Promise((r) => setTimeout(r, 50));
    await reader.forceFlush();
    await provider.shutdown();
    // shutdown exports once more: only the first two exports are checked.
    const points = async (name: string) => (await d.runtime.reader.metrics({ name })).slice(0, 2).map((p) => ({ v: p.value, labels: p.labels }));
    assert.deepEqual((await points(`queue_depth_${tag}`)).map((p) => p.v), [7, 9], tag);
    assert.deepEqual((await points(`queue_depth_${tag}`))[0].labels, { service: 'model-server', pool: 'a' });
    assert.deepEqual((await points(`requests_${tag}`)).map((p) => p.v), [5, 25], 'the cumulative value as sent');
    const rate = await points(`requests_${tag}.rate`);
    assert.ok(rate.length >= 1 && rate[0].v > 0, 'a rate from two points');
    assert.deepEqual((await points(`latency_${tag}.count`)).map((p) => p.v)[0], 5);
    assert.deepEqual((await points(`latency_${tag}.sum`)).map((p) => p.v)[0], 145);
    // Buckets (≤10, ≤20, ≤50, ≤100) hold 1, 2, 1, 1: the median rank 2.5 lies in the second, halfway.
    assert.deepEqual((await points(`latency_${tag}.p50`)).map((p) => p.v)[0], 17.5);
    // The second export saw no new observations: the cumulative histogram adds nothing since.
    assert.deepEqual((await points(`latency_${tag}.count`)).map((p) => p.v)[1], 0);
  }
});

test('traces from the SDK exporters give per-service request, error and latency series and the call graph', async () => {
  const frontend = new BasicTracerProvider({ resource: resource('frontend'), spanProcessors: [new SimpleSpanProcessor(new TraceJson({ url: `${d.url}/otlp/v1/traces` }))] });
  // The second service exports protobuf, gzipped, to the standard path on the OTLP port.
  const checkout = new BasicTracerProvider({ resource: resource('checkout'), spanProcessors: [new SimpleSpanProcessor(new TraceProto({ url: `http://127.0.0.1:${otlpPort}/v1/traces`, compression: CompressionAlgorithm.GZIP }))] });
  const ft = frontend.getTracer('f');
  const ct = checkout.getTracer('c');
  const t0 = Math.floor((Date.now() - 60_000) / 1000) * 1000;
  for (let i = 0; i < 10; i++) {
    const start = t0 + i * 10;
    const server = ft.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: start });
    const client = ft.startSpan('POST checkout', { kind: SpanKind.CLIENT, startTime: start + 1 }, trace.setSpan(context.active(), server));
    const remote: Context = trace.setSpanContext(context.active(), client.spanContext());
    const callee = ct.startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: start + 2 }, remote);
    if (i < 3) callee.setStatus({ code: SpanStatusCode.ERROR });
    callee.end(start + 2 + (i + 1) * 10);
    client.end(start + 3 + (i + 1) * 10);
    server.end(start + 50);
  }
  await frontend.forceFlush();
  await checkout.forceFlush();
  await frontend.shutdown();
  await checkout.shutdown();
  assert.deepEqual(
    (await d.runtime.reader.serviceCalls()).map((c) => [c.parent, c.child, c.calls, c.errors]),
    [['frontend', 'checkout', 10, 3]],
  );
  // A window is stored once it has been closed for one more window (1 s here), by the flush timer.
  const series = async (name: string) => (await d.runtime.reader.metrics({ name })).map((p) => [p.labels?.service, p.value, p.ts.getTime()]);
  for (let i = 0; i < 50 && (await series('service.latency_p50_ms')).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual((await series('service.requests_per_second')).sort(), [['checkout', 10, t0], ['frontend', 10, t0]]);
  assert.deepEqual((await series('service.error_rate')).sort(), [['checkout', 0.3, t0], ['frontend', 0, t0]]);
  // checkout's server spans last 10, 20, … 100 ms: NumPy's linear median is 55.
  const p50 = new Map((await series('service.latency_p50_ms')).map(([s, v]) => [s, v]));
  assert.equal(p50.get('checkout'), 55);
  assert.equal(p50.get('frontend'), 50);
  assert.equal((await d.runtime.reader.metrics({ name: 'service.latency_p99_ms' })).find((p) => p.labels?.service === 'checkout')!.value, 99.1);
});

test('bad OTLP bodies get a 4xx naming the problem and store nothing', async () => {
  const count = async () => (await d.runtime.storage.one<{ n: number }>('SELECT (SELECT count(*) FROM logs) + (SELECT count(*) FROM metrics) AS n'))!.n;
  const before = await count();
  const cases: [string, string, Record<string, string>, BodyInit, number, RegExp][] = [
    ['JSON that does not parse', '/otlp/v1/logs', { 'content-type': 'application/json' }, '{"resourceLogs": [', 400, /not valid JSON/],
    ['protobuf that does not decode', '/otlp/v1/traces', { 'content-type': 'application/x-protobuf' }, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), 400, /not a valid OTLP traces protobuf message/],
    ['gzip that is not gzip', '/otlp/v1/metrics', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{}', 400, /not valid gzip/],
    ['an unknown encoding', '/otlp/v1/metrics', { 'content-type': 'application/json', 'content-encoding': 'br' }, '{}', 415, /unsupported content encoding "br"/],
    ['an unknown content type', '/otlp/v1/logs', { 'content-type': 'text/plain' }, 'hello', 415, /unsupported content type "text\/plain"/],
    ['a JSON array', '/otlp/v1/logs', { 'content-type': 'application/json' }, '[]', 400, /must be a JSON object/],
  ];
  for (const [what, path, headers, body, status, want] of cases) {
    const res = await fetch(`${d.url}${path}`, { method: 'POST', headers, body });
    assert.equal(res.status, status, what);
    assert.match((await res.json()).message, want, what);
  }
  // Records that cannot be stored are counted in OTLP's partial-success answer; the rest are stored.
  const body = gzipSync(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'partial one' } }, { severityText: 'INFO' }] }] }] }));
  const res = await fetch(`${d.url}/otlp/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { partialSuccess: { rejectedLogRecords: 1, errorMessage: 'a log record has no body' } });
  assert.equal(await count(), before + 1);
});
