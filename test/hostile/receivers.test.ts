// Property tests against the protocol receivers: near-valid and hostile CloudEvents (all three
// modes), OTLP bodies as JSON and as random protobuf bytes, gzip bombs. Every answer is a 2xx or
// a 4xx with a message, a refused request stores nothing, memory stays bounded (halves waiting
// for their pair never exceed max_pending), and the daemon stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({ config: 'server:\n  port: 0\n  body_limit_mb: 2\nlog:\n  requests: false\nreceivers:\n  cloudevents:\n    max_pending: 50\n' });
});
after(async () => d?.cleanup());

async function totals(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['logs', 'metrics', 'service_calls', 'models']) out[t] = (await d.runtime.storage.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))!.n;
  for (const m of d.runtime.tables.list()) out[m.table] = (await d.runtime.storage.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM "${m.table}"`))!.n;
  return out;
}

async function check(path: string, body: Uint8Array | string, headers: Record<string, string>): Promise<number> {
  const beforeCounts = await totals();
  const res = await d.request(path, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });
  const text = await res.text();
  assert.ok((res.status >= 200 && res.status < 300) || (res.status >= 400 && res.status < 500), `${path} → ${res.status}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    const err = JSON.parse(text) as { error: string; message: string };
    assert.ok(err.message.length > 5, `${path} → ${res.status} without a clear message: ${text.slice(0, 200)}`);
    assert.deepEqual(await totals(), beforeCounts, `${path} refused a request but stored part of it`);
  }
  return res.status;
}

const scalar = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }));
const tensor = fc.record(
  { name: fc.oneof(fc.constantFrom('x', 'y', ''), value), shape: fc.oneof(fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }), value), datatype: fc.oneof(fc.constantFrom('FP32', 'INT64', 'BYTES', 'BOOL'), value), data: fc.oneof(fc.array(value, { maxLength: 9 }), value) },
  { requiredKeys: [] },
);
const payload = fc.oneof(
  fc.record({ instances: fc.oneof(fc.array(value, { maxLength: 4 }), value) }, { requiredKeys: [] }),
  fc.record({ predictions: fc.oneof(fc.array(value, { maxLength: 4 }), value) }, { requiredKeys: [] }),
  fc.record({ inputs: fc.array(tensor, { maxLength: 3 }), outputs: fc.array(tensor, { maxLength: 2 }), model_name: value }, { requiredKeys: [] }),
  value,
);
const event = fc.record(
  {
    id: fc.oneof(fc.constantFrom('e1', 'e2', 'e3'), fc.string({ maxLength: 8 }), value),
    specversion: fc.oneof(fc.constant('1.0'), value),
    source: fc.oneof(fc.constant('http://localhost:9081/'), value),
    type: fc.oneof(fc.constantFrom('org.kubeflow.serving.inference.request', 'org.kubeflow.serving.inference.response', 'io.seldon.serving.inference.request', 'x.y'), value),
    inferenceservicename: fc.oneof(fc.constantFrom('hm', 'bad name!'), value),
    time: fc.oneof(fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday'), value),
    data: payload,
  },
  { requiredKeys: [] },
);

test('/v1/cloudevents: near-valid events in structured, batched and binary mode', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 6 }), fc.constantFrom('structured', 'batch', 'binary'), async (events, mode) => {
      if (mode === 'batch') await check('/v1/cloudevents', JSON.stringify(events), { 'content-type': 'application/cloudevents-batch+json' });
      else if (mode === 'structured') await check('/v1/cloudevents', JSON.stringify(events[0]), { 'content-type': 'application/cloudevents+json' });
      else {
        const { data, ...attrs } = events[0] as Record<string, unknown>;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        for (const [k, v] of Object.entries(attrs)) if (typeof v === 'string' && /^[\x20-\x7e]*$/.test(v)) headers[`ce-${k}`] = v;
        await check('/v1/cloudevents', JSON.stringify(data ?? null), headers);
      }
    }),
    { numRuns: 150, seed: 7001 },
  );
  const pending = (await (await d.request('/v1/receivers')).json()).cloudevents.pending as number;
  assert.ok(pending <= 50, `halves waiting: ${pending}, max_pending 50`);
});

test('/v1/cloudevents: a flood of unpaired halves stays within max_pending and is counted', async () => {
  const events = Array.from({ length: 400 }, (_, i) => ({ id: `flood-${i}`, specversion: '1.0', source: 's', type: 'org.kubeflow.serving.inference.request', inferenceservicename: 'hm', data: { instances: [[i]] } }));
  assert.equal(await check('/v1/cloudevents', JSON.stringify(events), { 'content-type': 'application/cloudevents-batch+json' }), 202);
  const s = (await (await d.request('/v1/receivers')).json()).cloudevents;
  assert.equal(s.pending, 50);
  assert.ok(s.unjoined.overflow >= 350);
});

const otlpJson = fc.oneof(
  fc.record({ resourceLogs: fc.array(fc.record({ resource: value, scopeLogs: fc.array(fc.record({ logRecords: fc.array(fc.record({ body: fc.oneof(fc.record({ stringValue: fc.string({ maxLength: 20 }) }), value), severityNumber: fc.oneof(fc.integer({ min: -5, max: 40 }), value), severityText: value, timeUnixNano: fc.oneof(fc.constantFrom('1700000000000000000', '-1', 'abc', '99999999999999999999999'), value), traceId: value }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.record({ resourceMetrics: fc.array(fc.record({ scopeMetrics: fc.array(fc.record({ metrics: fc.array(fc.record({ name: fc.oneof(fc.constantFrom('m', 'bad name', ''), value), gauge: fc.record({ dataPoints: fc.array(fc.record({ asDouble: value, asInt: value, timeUnixNano: value }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }), histogram: fc.record({ dataPoints: fc.array(fc.record({ count: value, sum: value, bucketCounts: fc.array(value, { maxLength: 3 }), explicitBounds: fc.array(value, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }), aggregationTemporality: value }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.record({ resourceSpans: fc.array(fc.record({ scopeSpans: fc.array(fc.record({ spans: fc.array(fc.record({ spanId: value, parentSpanId: value, kind: value, startTimeUnixNano: value, endTimeUnixNano: value, status: value }, { requiredKeys: [] }), { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
  value,
);

test('/otlp/v1/*: near-valid JSON, random protobuf bytes and gzip get 2xx or a clear 4xx', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('logs', 'metrics', 'traces'), fc.oneof(otlpJson.map((o) => ({ json: o })), fc.uint8Array({ maxLength: 200 }).map((b) => ({ proto: b }))), fc.boolean(), async (signal, body, gzip) => {
        const raw = 'json' in body ? Buffer.from(JSON.stringify(body.json) ?? 'null') : Buffer.from(body.proto);
        const headers: Record<string, string> = { 'content-type': 'json' in body ? 'application/json' : 'application/x-protobuf' };
        if (gzip) headers['content-encoding'] = 'gzip';
        await check(`/otlp/v1/${signal}`, gzip ? gzipSync(raw) : raw, headers);
      }),
    { numRuns: 200, seed: 7002 },
  );
  assert.equal((await d.request('/livez')).status, 200);
});

test('/otlp/v1/*: a gzip bomb is refused at the body limit, not inflated into memory', async () => {
  const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20)); // 200 MiB of spaces, about 200 KiB compressed
  assert.ok(bomb.length < 2 * 1024 * 1024);
  const rss = process.memoryUsage().rss;
  assert.equal(await check('/otlp/v1/logs', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 413);
  assert.ok(process.memoryUsage().rss - rss < 100 * 1024 * 1024, 'inflating stopped at the limit');
});
