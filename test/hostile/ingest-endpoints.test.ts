// Property tests against every ingest endpoint: random and malformed bodies, wrong types, huge
// and deeply nested values, invalid UTF-8, enormous lines, formula-like CSV cells. Every answer is
// a 2xx or a 4xx with a message, a refused batch stores nothing, and the daemon stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({ config: 'server:\n  port: 0\n  body_limit_mb: 4\nlog:\n  requests: false\n' });
});
after(async () => {
  await d.cleanup();
});

async function totals(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['labels', 'logs', 'metrics', 'snapshots', 'models', 'model_features']) {
    out[t] = (await d.runtime.storage.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))!.n;
  }
  for (const m of d.runtime.tables.list()) out[m.table] = (await d.runtime.storage.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM "${m.table}"`))!.n;
  return out;
}

/** Sends one body and checks the contract; returns the status. */
async function check(path: string, body: Uint8Array | string, contentType: string): Promise<number> {
  const beforeCounts = await totals();
  const res = await d.request(path, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers: { 'content-type': contentType } });
  const text = await res.text();
  assert.ok((res.status >= 200 && res.status < 300) || (res.status >= 400 && res.status < 500), `${path} (${contentType}) → ${res.status}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    const err = JSON.parse(text) as { error: string; message: string };
    assert.equal(typeof err.error, 'string');
    assert.ok(err.message.length > 5, `${path} → ${res.status} without a clear message: ${text.slice(0, 200)}`);
    assert.deepEqual(await totals(), beforeCounts, `${path} refused a batch but stored part of it`);
  }
  return res.status;
}

const scalar = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(1e308), fc.constant(-0), fc.string({ unit: 'binary', maxLength: 20 }));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 3 }));
/** Rows that are close to valid, so validation (not only JSON parsing) is exercised. */
const nearPrediction = fc.record(
  {
    model: fc.oneof(fc.constantFrom('hm', 'hm2', 'bad model', ''), value),
    id: fc.oneof(fc.string({ maxLength: 10 }), value),
    ts: fc.oneof(fc.integer({ min: 0, max: 8e12 }), fc.constantFrom('2024-01-01T00:00:00Z', 'yesterday', '9999-99-99'), value),
    features: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }), value),
    prediction: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), value),
    score: value,
    extra: value,
  },
  { requiredKeys: [] },
);
const nearLabel = fc.record({ model: fc.oneof(fc.constant('hm'), value), id: fc.oneof(fc.string({ maxLength: 6 }), value), label: value, ts: value }, { requiredKeys: [] });
const nearMetric = fc.record({ name: fc.oneof(fc.constant('cpu'), value), value: value, ts: value, labels: value }, { requiredKeys: [] });
const nearLog = fc.record({ message: fc.oneof(fc.string(), value), level: value, source: value, ts: value }, { requiredKeys: [] });

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json(),
  fc.constantFrom('', '[]', '{}', 'null', '[null]', '[[[[]]]]', '{"__proto__": {"x": 1}}', '[{"constructor": {"prototype": 1}}]', '\uFEFF[]', '[1,2,'),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => `[{"model":"hm","features":${'{"a":'.repeat(n)}1${'}'.repeat(n)},"prediction":1}]`),
  fc.integer({ min: 70_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => {
  const prefix = new TextEncoder().encode('[{"model":"hm","id":"');
  const out = new Uint8Array(prefix.length + b.length + 2);
  out.set(prefix);
  out.set(b, prefix.length);
  out[prefix.length] = 0xc3; // a lead byte …
  out[prefix.length + 1] = 0x28; // … followed by a non-continuation byte: never valid UTF-8
  return out;
});

const endpoints: { path: string; rows: fc.Arbitrary<unknown> }[] = [
  { path: '/v1/predictions', rows: nearPrediction },
  { path: '/v1/labels', rows: nearLabel },
  { path: '/v1/metrics', rows: nearMetric },
  { path: '/v1/logs', rows: nearLog },
];
const contentTypes = fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'text/csv', 'application/xml', '');

for (const { path, rows } of endpoints) {
  test(`${path}: near-valid rows are stored whole or refused whole`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rows, { minLength: 1, maxLength: 6 }), fc.boolean(), async (batch, ndjson) => {
        const body = ndjson ? batch.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(batch);
        await check(path, body, ndjson ? 'application/x-ndjson' : 'application/json');
      }),
      { numRuns: 60, seed: 9001 },
    );
  });

  test(`${path}: hostile bodies, types and encodings get 4xx with a message`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, invalidUtf8), contentTypes, async (body, ct) => {
        await check(path, body, ct);
      }),
      { numRuns: 40, seed: 9002 },
    );
    const invalid = await check(path, Uint8Array.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), 'application/json');
    assert.equal(invalid, 400);
    // Over the body limit: 413 before anything is parsed.
    assert.equal(await check(path, 'a'.repeat(5 * 1024 * 1024), 'application/json'), 413);
    assert.equal((await d.request('/livez')).status, 200);
  });
}

test('/v1/snapshots: random CSV, NDJSON and Parquet-like bodies, formula cells kept as inert text', async () => {
  const cell = fc.oneof(
    fc.constantFrom('=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1:A2)', '=HYPERLINK("http://127.0.0.1")', '"=1"', '', 'NaN'),
    fc.string({ maxLength: 12 }),
    fc.double().map(String),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 6 }),
      fc.constantFrom('text/csv', 'application/x-ndjson', 'application/vnd.apache.parquet'),
      fc.constantFrom('reference', 'current', 'other', ''),
      async (table, ct, role) => {
        const body = ct === 'text/csv' ? table.map((r) => r.join(',')).join('\n') : ct === 'application/x-ndjson' ? table.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [`c${i}`, v])))).join('\n') : `PAR1${table.flat().join('')}PAR1`;
        await check(`/v1/snapshots?model=hm&role=${role}`, body, ct);
      },
    ),
    { numRuns: 40, seed: 9003 },
  );
  // A formula-looking cell is stored as the same string, never evaluated or altered.
  const res = await d.request('/v1/snapshots?model=formula&role=reference', { method: 'POST', body: 'name,note\nx,=cmd|\' /C calc\'!A0\ny,@SUM(1+1)\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(res.status, 201);
  const snap = (await d.runtime.storage.one<{ table_name: string }>("SELECT table_name FROM snapshots WHERE model = 'formula'"))!;
  assert.deepEqual(await d.runtime.storage.all(`SELECT note FROM "${snap.table_name}" ORDER BY name`), [{ note: "=cmd|' /C calc'!A0" }, { note: '@SUM(1+1)' }]);
  assert.equal((await d.request('/livez')).status, 200);
});
