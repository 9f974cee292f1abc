// Correlations through the real daemon: log templates that always appear in the same windows,
// one that never meets them, a metric that follows another three buckets later, and one that
// follows nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from '../../lib/logmine/index.ts';
import type { CooccurrencePair, LaggedPair } from '../../plugins/correlation/index.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { getJson, minute, post, runStage, seeded } from './incidents-helpers.ts';

interface Correlations {
  computed_at: string | null;
  cooccurrence: (CooccurrencePair & { a_label?: string; b_label?: string })[];
  lagged: (LaggedPair & { leading: string; following: string; lead_buckets: number })[];
  cooccurrence_settings: { windows: number };
}

describe('correlation stage and API', () => {
  let d: TestDaemon;
  const miner = new TemplateMiner();
  const window = 5 * minute;
  const now = Date.now();
  const base = Math.floor(now / window) * window - 72 * window;

  before(async () => {
    d = await startTestDaemon({
      config: `server:
  port: 0
log:
  requests: false
stages:
  correlation:
    every: 1h
    lookback: 6h
    cooccurrence:
      window: 5m
      min_count: 3
    lagged:
      lookback: 3h
      bucket: 1m
      max_lag: 5
      templates: false
`,
    });
    d.runtime.logEnrichers.push({
      enrich(rows) {
        for (const r of rows) r.templateId = miner.addLine(r.message).templateId;
      },
    });
    const logs: unknown[] = [];
    for (let w = 0; w < 72; w++) {
      const t = base + w * window + 30_000;
      // Quota warnings and write failures share every sixth window; heartbeats keep to others.
      if (w % 6 === 5) {
        logs.push({ ts: t, level: 'warn', message: `disk quota nearly exhausted on volume vol-${w}` });
        logs.push({ ts: t + 60_000, level: 'error', message: `write failed for order ${1000 + w}` });
      }
      if (w % 3 === 1) logs.push({ ts: t, level: 'info', message: `heartbeat ok from node n${w % 7}` });
    }
    await post(d, '/v1/logs', logs, true);

    const rnd = seeded(7);
    const n = 180;
    const x: number[] = [];
    let level = 0;
    for (let i = 0; i < n; i++) x.push((level += rnd() - 0.5));
    const rows: unknown[] = [];
    const t0 = Math.floor(now / minute) * minute - n * minute;
    for (let i = 0; i < n; i++) {
      rows.push({ name: 'queue_depth', ts: t0 + i * minute + 1000, value: x[i]! });
      rows.push({ name: 'consumer_lag', ts: t0 + i * minute + 1000, value: (i >= 3 ? x[i - 3]! : 0) * 2 + (rnd() - 0.5) * 0.05 });
      rows.push({ name: 'unrelated_gauge', ts: t0 + i * minute + 1000, value: rnd() });
    }
    await post(d, '/v1/metrics', rows);
  });
  after(async () => d?.cleanup());

  it('reports an empty result before the first run', async () => {
    const body = await getJson<Correlations>(d, '/v1/correlations');
    assert.equal(body.computed_at, null);
  });

  it('finds the templates that always co-occur, with their statistics, and only them', async () => {
    await runStage(d, 'correlation');
    const body = await getJson<Correlations>(d, '/v1/correlations?type=cooccurrence');
    const quota = miner.match('disk quota nearly exhausted on volume vol-1')!.templateId;
    const write = miner.match('write failed for order 1')!.templateId;
    const heartbeat = miner.match('heartbeat ok from node n1')!.templateId;
    assert.equal(new Set([quota, write, heartbeat]).size, 3);
    assert.equal(body.cooccurrence.length, 1, JSON.stringify(body.cooccurrence));
    const p = body.cooccurrence[0]!;
    assert.deepEqual([p.a, p.b].sort(), [`log.template:${quota}`, `log.template:${write}`].sort());
    // Each template also carries its text, for reading without a lookup.
    const text = new Map([[`log.template:${quota}`, miner.match('disk quota nearly exhausted on volume vol-1')!.template], [`log.template:${write}`, miner.match('write failed for order 1')!.template]]);
    assert.deepEqual([p.a_label, p.b_label], [text.get(p.a), text.get(p.b)]);
    assert.match(p.a_label!, /<\*>|<[A-Z]+>/);
    assert.equal(p.both, 12);
    assert.equal(p.count_a, 12);
    assert.equal(p.count_b, 12);
    assert.equal(p.windows, body.cooccurrence_settings.windows);
    assert.equal(p.confidence_ab, 1);
    assert.equal(p.jaccard, 1);
    assert.ok(Math.abs(p.lift - p.windows / 12) < 1e-12);
    assert.ok(Math.abs(p.support - 12 / p.windows) < 1e-12);
    assert.ok(p.p_value < 1e-6);
    assert.equal((body as unknown as Record<string, unknown>).lagged, undefined);
  });

  it('finds the metric that follows another three buckets later, and not the unrelated one', async () => {
    const body = await getJson<Correlations>(d, '/v1/correlations?type=lagged');
    const pairs = body.lagged;
    const hit = pairs.find((p) => [p.x, p.y].sort().join() === 'consumer_lag,queue_depth');
    assert.ok(hit, JSON.stringify(pairs));
    assert.equal(hit.leader, 'queue_depth');
    assert.deepEqual([hit.leading, hit.following, hit.lead_buckets], ['queue_depth', 'consumer_lag', 3]);
    assert.equal(Math.abs(hit.lag), 3);
    assert.ok(hit.r > 0.95);
    assert.ok(hit.adjusted_p_value < 0.01);
    assert.ok(!pairs.some((p) => p.x === 'unrelated_gauge' || p.y === 'unrelated_gauge'), JSON.stringify(pairs));
  });

  it('filters by event and rejects a bad type', async () => {
    const body = await getJson<Correlations>(d, '/v1/correlations?event=unrelated_gauge');
    assert.equal(body.lagged.length, 0);
    assert.equal(body.cooccurrence.length, 0);
    await getJson(d, '/v1/correlations?type=both', 400);
  });
});

describe('correlation over a store that began recently', () => {
  it('does not relate two independent log streams because both were absent before the first line', async () => {
    const d = await startTestDaemon({
      config: `server:
  port: 0
log:
  requests: false
stages:
  correlation:
    every: 1h
    lookback: 1h
    lagged:
      lookback: 1h
      bucket: 1m
      max_lag: 3
`,
    });
    try {
      const miner = new TemplateMiner();
      d.runtime.logEnrichers.push({
        enrich(rows) {
          for (const r of rows) r.templateId = miner.addLine(r.message).templateId;
        },
      });
      const rnd = seeded(5);
      const end = Math.floor(Date.now() / minute) * minute;
      const logs: unknown[] = [];
      // Twelve minutes of two unrelated streams with independent per-minute counts.
      for (let m = 12; m >= 1; m--) {
        const t = end - m * minute + 1000;
        for (let i = 0, n = 20 + Math.floor(rnd() * 20); i < n; i++) logs.push({ ts: t + i, level: 'info', message: `cache hit for key user:${m * 100 + i}` });
        for (let i = 0, n = 5 + Math.floor(rnd() * 10); i < n; i++) logs.push({ ts: t + 500 + i, level: 'warn', message: `upstream timeout after ${900 + i} ms calling feature-store` });
      }
      await post(d, '/v1/logs', logs, true);
      assert.equal((await runStage(d, 'correlation')).outcome, 'ok');
      const c = await getJson<Correlations>(d, '/v1/correlations?type=lagged');
      assert.deepEqual(c.lagged.map((p) => `${p.x}~${p.y} r=${p.r.toFixed(2)}`), []);
    } finally {
      await d.cleanup();
    }
  });
});
