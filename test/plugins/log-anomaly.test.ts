// Anomalies injected into posted logs show up as log-anomaly findings after a stage run, and in
// GET /v1/anomalies; a second run does not report them again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon } from '../helpers/daemon.ts';

const config = `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  log-anomaly:\n    every: 1h\n    bucket: 1m\n    history: 30\n`;

interface Finding {
  kind: string;
  labels: Record<string, string>;
  details: Record<string, unknown>;
}

test('new template, template surge and error spike become findings', async () => {
  const d = await startTestDaemon({ config });
  try {
    const minute = 60_000;
    const end = Math.floor(Date.now() / minute) * minute;
    const rows: object[] = [];
    // 60 calm minutes: 5 cache lines, 3 request lines and 1 error from db per minute.
    for (let m = 60; m >= 1; m--) {
      const t = end - m * minute + 1000;
      for (let i = 0; i < 5; i++) rows.push({ ts: t + i, level: 'info', source: 'api', message: `cache hit for key user:${m * 10 + i}` });
      for (let i = 0; i < 3; i++) rows.push({ ts: t + 10 + i, level: 'info', source: 'api', message: `GET /orders/${m * 3 + i} answered 200 in ${10 + i} ms` });
      rows.push({ ts: t + 20, level: 'error', source: 'db', message: `slow query on table orders took ${900 + m} ms` });
    }
    // Injected: a surge of cache lines 5 minutes ago, an error flood from db 3 minutes ago,
    // and a template never seen before in the last minute.
    for (let i = 0; i < 120; i++) rows.push({ ts: end - 5 * minute + 2000 + i, level: 'info', source: 'api', message: `cache hit for key user:${9000 + i}` });
    for (let i = 0; i < 40; i++) rows.push({ ts: end - 3 * minute + 3000 + i, level: 'error', source: 'db', message: `slow query on table orders took ${2000 + i} ms` });
    rows.push({ ts: end - minute + 5000, level: 'warn', source: 'payments', message: 'circuit breaker opened for upstream bank-gateway' });
    const r = await d.request('/v1/logs', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: rows.map((x) => JSON.stringify(x)).join('\n') });
    assert.equal(r.status, 200, await r.text());

    const run = (await (await d.request('/v1/stages/log-anomaly/run', { method: 'POST' })).json()) as { outcome: string; error: string | null };
    assert.equal(run.outcome, 'ok', String(run.error));
    const found = (await (await d.request('/v1/anomalies?source=logs')).json()) as Finding[];
    const kinds = found.map((f) => f.kind).sort();

    const fresh = found.filter((f) => f.kind === 'logs.new_template');
    assert.equal(fresh.length, 1, JSON.stringify(kinds));
    assert.equal(fresh[0]!.labels.source, 'payments');
    assert.equal(fresh[0]!.details.example, 'circuit breaker opened for upstream bank-gateway');
    const stored = await d.runtime.storage.one<{ template_id: string }>("SELECT template_id FROM logs WHERE source = 'payments'");
    assert.equal(fresh[0]!.labels.template_id, stored!.template_id);

    // Both injected bursts are surges of their template: the cache lines and the slow queries.
    const surges = found.filter((f) => f.kind === 'logs.volume').sort((a, b) => Number(b.details.observed) - Number(a.details.observed));
    assert.equal(surges.length, 2, JSON.stringify(kinds));
    assert.equal(new Date(String(surges[0]!.details.bucket_start)).getTime(), end - 5 * minute);
    assert.equal(surges[0]!.details.observed, 125);
    assert.equal(surges[0]!.details.expected, 5);
    assert.match(String(surges[0]!.details.template), /^cache hit for key/);
    assert.equal(surges[0]!.labels.source, 'api');
    assert.equal(new Date(String(surges[1]!.details.bucket_start)).getTime(), end - 3 * minute);
    assert.equal(surges[1]!.details.observed, 41);
    assert.equal(surges[1]!.labels.source, 'db');

    const errors = found.filter((f) => f.kind === 'logs.error_spike');
    assert.equal(errors.length, 1, JSON.stringify(kinds));
    assert.equal(errors[0]!.labels.source, 'db');
    assert.equal(errors[0]!.details.observed, 41);
    assert.equal(errors[0]!.details.expected, 1);

    // The same anomalies are not reported twice.
    const again = (await (await d.request('/v1/stages/log-anomaly/run', { method: 'POST' })).json()) as { findings: number };
    assert.equal(again.findings, 0);
  } finally {
    await d.cleanup();
  }
});

test('a stream that just started is not judged against the silence before it', async () => {
  const minute = 60_000;
  const end = Math.floor(Date.now() / minute) * minute;
  // The daemon's clock stays inside the minute the test wrote its data for: a run that happened to
  // start after the next minute began would judge that new, empty minute as a drop.
  const d = await startTestDaemon({ config, clock: () => end + 30_000 });
  try {
    const rows: object[] = [];
    // Logging began 4 minutes ago at a steady, busy rate: 60 request lines and 8 errors a minute.
    // Nothing before that is history of these templates or of the error rate.
    for (let m = 4; m >= 1; m--) {
      const t = end - m * minute + 1000;
      for (let i = 0; i < 60; i++) rows.push({ ts: t + i, level: 'info', source: 'api', message: `GET /orders/${m * 100 + i} answered 200 in ${10 + (i % 7)} ms` });
      for (let i = 0; i < 8; i++) rows.push({ ts: t + 100 + i, level: 'error', source: 'db', message: `slow query on table orders took ${900 + i} ms` });
    }
    const r = await d.request('/v1/logs', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: rows.map((x) => JSON.stringify(x)).join('\n') });
    assert.equal(r.status, 200, await r.text());
    const run = (await (await d.request('/v1/stages/log-anomaly/run', { method: 'POST' })).json()) as { outcome: string; error: string | null };
    assert.equal(run.outcome, 'ok', String(run.error));
    const found = (await (await d.request('/v1/anomalies?source=logs')).json()) as Finding[];
    assert.deepEqual(found.filter((f) => f.kind === 'logs.volume' || f.kind === 'logs.error_spike'), []);

    // Once the template has history of its own, a real surge is still found.
    const more: object[] = [];
    for (let m = 14; m >= 5; m--) {
      const t = end - m * minute + 1000;
      for (let i = 0; i < 60; i++) more.push({ ts: t + i, level: 'info', source: 'api', message: `GET /orders/${m * 100 + i} answered 200 in ${10 + (i % 7)} ms` });
    }
    for (let i = 0; i < 400; i++) more.push({ ts: end - minute + 2000 + i, level: 'info', source: 'api', message: `GET /orders/${i} answered 200 in 12 ms` });
    const r2 = await d.request('/v1/logs', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: more.map((x) => JSON.stringify(x)).join('\n') });
    assert.equal(r2.status, 200, await r2.text());
    await d.request('/v1/stages/log-anomaly/run', { method: 'POST' });
    const surges = ((await (await d.request('/v1/anomalies?source=logs')).json()) as Finding[]).filter((f) => f.kind === 'logs.volume');
    assert.equal(surges.length, 1, JSON.stringify(surges.map((f) => f.details)));
    assert.equal(new Date(String(surges[0]!.details.bucket_start)).getTime(), end - minute);
    assert.equal(surges[0]!.details.observed, 460);
    assert.equal(surges[0]!.details.expected, 60);
  } finally {
    await d.cleanup();
  }
});
