// Anomalies injected into posted metrics (a request flood, a latency step, a lone outlier) show
// up as metric-anomaly findings after a stage run, labelled by series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon } from '../helpers/daemon.ts';

const config = `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  metric-anomaly:\n    every: 1h\n    bucket: 1m\n    history: 30\n`;

interface Finding {
  kind: string;
  labels: Record<string, string>;
  details: Record<string, unknown>;
}

test('request flood, latency shift and an outlier become findings per series', async () => {
  const d = await startTestDaemon({ config });
  try {
    const minute = 60_000;
    const end = Math.floor(Date.now() / minute) * minute;
    const rows: object[] = [];
    const wobble = (m: number) => ((m * 7919) % 11) / 10 - 0.5; // deterministic noise in [-0.5, 0.5]
    for (let m = 80; m >= 1; m--) {
      const ts = end - m * minute + 1000;
      const flood = m <= 4;
      rows.push({ name: 'http_requests_per_second', labels: { service: 'orders', route: '/checkout' }, ts, value: (flood ? 900 : 100) + 5 * wobble(m) });
      rows.push({ name: 'http_requests_per_second', labels: { service: 'carts' }, ts, value: 50 + 3 * wobble(m + 3) });
      rows.push({ name: 'db_latency_ms', labels: { service: 'orders' }, ts, value: (m <= 20 ? 80 : 40) + 2 * wobble(m + 5) });
      rows.push({ name: 'queue_depth', labels: { service: 'mailer' }, ts, value: m === 30 ? 400 : 20 + 2 * wobble(m + 1) });
    }
    const r = await d.request('/v1/metrics', { method: 'POST', json: rows });
    assert.equal(r.status, 200, await r.text());
    const run = (await (await d.request('/v1/stages/metric-anomaly/run', { method: 'POST' })).json()) as { outcome: string; error: string | null };
    assert.equal(run.outcome, 'ok', String(run.error));
    const found = (await (await d.request('/v1/anomalies?source=metrics')).json()) as Finding[];
    const summary = JSON.stringify(found.map((f) => [f.kind, f.labels.series]));

    const spikes = found.filter((f) => f.kind === 'metrics.rate_spike');
    assert.equal(spikes.length, 1, summary);
    assert.equal(spikes[0]!.labels.series, 'http_requests_per_second{route="/checkout",service="orders"}');
    assert.equal(new Date(String(spikes[0]!.details.bucket_start)).getTime(), end - 4 * minute);
    assert.ok(Number(spikes[0]!.details.ratio) > 8);

    const shifts = found.filter((f) => f.kind === 'metrics.level_shift');
    assert.equal(shifts.length, 1, summary);
    assert.equal(shifts[0]!.labels.series, 'db_latency_ms{service="orders"}');
    assert.equal(new Date(String(shifts[0]!.details.bucket_start)).getTime(), end - 20 * minute);

    const outliers = found.filter((f) => f.kind === 'metrics.anomaly');
    assert.ok(outliers.some((f) => f.labels.series === 'queue_depth{service="mailer"}' && new Date(String(f.details.bucket_start)).getTime() === end - 30 * minute), summary);
    assert.ok(!found.some((f) => f.labels.series === 'http_requests_per_second{service="carts"}'), `the calm series has no finding: ${summary}`);

    const result = (await (await d.request('/v1/results?stage=metric-anomaly&kind=metric-anomalies')).json()) as { payload: { series: number } }[];
    assert.equal(result[0]!.payload.series, 4);
    const again = (await (await d.request('/v1/stages/metric-anomaly/run', { method: 'POST' })).json()) as { findings: number };
    assert.equal(again.findings, 0);
  } finally {
    await d.cleanup();
  }
});

test('a latency shift seen again as points arrive after it is reported once per direction', async () => {
  const d = await startTestDaemon({ config });
  try {
    const minute = 60_000;
    const end = Math.floor(Date.now() / minute) * minute;
    const wobble = (m: number) => ((m * 7919) % 11) / 10 - 0.5;
    // The database slows down for six minutes (20 to 15 minutes ago), then recovers.
    const point = (m: number) => ({ name: 'db_query_latency_ms', labels: { service: 'postgres' }, ts: end - m * minute + 1000, value: (m <= 20 && m >= 15 ? 900 : 12) + 4 * wobble(m) });
    const post = async (ms: number[]) => assert.equal((await d.request('/v1/metrics', { method: 'POST', json: ms.map(point) })).status, 200);
    const run = async () => {
      const r = (await (await d.request('/v1/stages/metric-anomaly/run', { method: 'POST' })).json()) as { outcome: string; error: string | null };
      assert.equal(r.outcome, 'ok', String(r.error));
    };
    const shifts = async () => ((await (await d.request('/v1/anomalies?source=metrics')).json()) as Finding[]).filter((f) => f.kind === 'metrics.level_shift');
    await post(Array.from({ length: 46 }, (_, i) => 60 - i)); // up to 15 minutes ago
    await run();
    const first = await shifts();
    assert.deepEqual(first.map((f) => f.details.before! < f.details.after!), [true], 'the slowdown is one shift up');
    for (let m = 14; m >= 1; m--) {
      await post([m]);
      await run();
    }
    const all = await shifts();
    const directions = all.map((f) => (Number(f.details.after) > Number(f.details.before) ? 'up' : 'down')).sort();
    assert.deepEqual(directions, ['down', 'up'], JSON.stringify(all.map((f) => [f.details.bucket_start, f.details.before, f.details.after])));
  } finally {
    await d.cleanup();
  }
});
