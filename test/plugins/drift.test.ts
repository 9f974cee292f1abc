// The drift stage in a real daemon: a reference snapshot, a window of predictions where two
// features move in one segment, the stored SPEC §5 report equal to lib/drift on the same arrays,
// explained findings, segment drift and a streaming detector on the score stream.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { buildDriftReport } from '../../lib/drift/report.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return { u, normal: () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) };
}

const config = `server:
  port: 0
log:
  requests: false
models:
  churn:
    reference: churn-ref
stages:
  drift:
    every: 1h
    window: 1h
    segments:
      by: segment
      min_rows: 50
    multivariate:
      chunk_size: 100
    detectors:
      - kind: page_hinkley
        stream: score
        options: { lambda: 5, delta: 0.01, min_instances: 30 }
`.replace('min_instances', 'minInstances');

const REF = 600;
const CUR = 400;
const ref = { a: new Float64Array(REF), b: new Float64Array(REF), c: [] as string[], segment: [] as string[], score: new Float64Array(REF) };
const cur = { a: new Float64Array(CUR), b: new Float64Array(CUR), c: [] as string[], segment: [] as string[], score: new Float64Array(CUR) };

describe('drift stage', () => {
  let d: TestDaemon;
  before(async () => {
    const r = rng(7);
    const lines = ['a,b,c,segment,score'];
    for (let i = 0; i < REF; i++) {
      ref.a[i] = +(10 + 2 * r.normal()).toFixed(6);
      ref.b[i] = +(5 + r.normal()).toFixed(6);
      ref.c.push(['x', 'y', 'z'][i % 3]!);
      ref.segment.push(i % 2 ? 'us' : 'eu');
      ref.score[i] = +(0.3 + 0.05 * r.normal()).toFixed(6);
      lines.push(`${ref.a[i]},${ref.b[i]},${ref.c[i]},${ref.segment[i]},${ref.score[i]}`);
    }
    d = await startTestDaemon({ config });
    const up = await d.request('/v1/snapshots?model=churn&role=reference&name=churn-ref', { method: 'POST', body: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
    assert.ok(up.ok, await up.text());
    const rows = [];
    for (let i = 0; i < CUR; i++) {
      const us = i % 2 === 1;
      // In segment us, a moves up by two standard deviations and c gains a new category w.
      cur.a[i] = +(10 + (us ? 4 : 0) + 2 * r.normal()).toFixed(6);
      cur.b[i] = +(5 + r.normal()).toFixed(6);
      cur.c.push(us && i % 3 === 0 ? 'w' : ['x', 'y', 'z'][i % 3]!);
      cur.segment.push(us ? 'us' : 'eu');
      // The score jumps halfway through the window.
      cur.score[i] = +((i < CUR / 2 ? 0.3 : 0.7) + 0.05 * r.normal()).toFixed(6);
      rows.push({ model: 'churn', version: 'm1', id: `p${i}`, segment: cur.segment[i], features: { a: cur.a[i], b: cur.b[i], c: cur.c[i] }, prediction: cur.score[i]! >= 0.5 ? 1 : 0, score: cur.score[i] });
    }
    const p = await d.request('/v1/predictions', { method: 'POST', json: rows });
    assert.equal(p.status, 200, await p.text());
  });
  after(async () => d?.cleanup());

  it('stores a report equal to lib/drift on the same arrays and flags the moved features', async () => {
    const run = await (await d.request('/v1/stages/drift/run', { method: 'POST' })).json();
    assert.equal(run.outcome, 'ok', run.error);
    const body = (await (await d.request('/v1/models/churn/drift')).json()) as any;
    const p = body.latest.payload;
    const expected = buildDriftReport({ rows: REF, version: 'r', columns: { a: ref.a, b: ref.b, c: ref.c } }, { rows: CUR, version: 'c', columns: { a: cur.a, b: cur.b, c: cur.c } });
    const got = Object.fromEntries(p.report.columns.map((c: any) => [c.name, c]));
    for (const e of expected.columns) {
      const g = got[e.name];
      assert.equal(g.method, e.method, e.name);
      assert.equal(g.drift, e.drift, e.name);
      assert.equal(g.statistic, e.statistic, e.name);
      assert.equal(g.p_value, e.p_value, e.name);
      assert.deepEqual(g.metrics, e.metrics, e.name);
    }
    assert.deepEqual(p.report.columns.filter((c: any) => c.drift).map((c: any) => c.name).sort(), ['a', 'c']);
    assert.equal(p.report.share_drifted, 2 / 3);
    assert.equal(p.report.dataset_drift, true);
    // Versions: the snapshot's sha256 against the window id; the model version of the window.
    const snaps = (await (await d.request('/v1/snapshots?model=churn')).json()) as any[];
    assert.equal(p.report.reference.version, snaps[0].version);
    assert.equal(p.report.current.version, p.window.id);
    assert.match(p.window.id, /^[0-9a-f]{64}$/);
    assert.equal(body.latest.dataVersion, p.window.id);
    assert.equal(body.latest.modelVersion, 'm1');
    assert.match(body.latest.configVersion, /^[0-9a-f]{64}$/);
    // The score moved, so prediction drift sees it.
    assert.equal(p.score.drift, true);
    // The heat map has one row with every feature's statistic.
    assert.deepEqual(body.heatmap.features, ['a', 'b', 'c']);
    assert.equal(body.heatmap.rows[0].cells.a.statistic, got.a.statistic);
  });

  it('finds drift in the segment that moved and not in the other', async () => {
    const p = ((await (await d.request('/v1/models/churn/drift')).json()) as any).latest.payload;
    const seg = Object.fromEntries(p.segments.map((s: any) => [s.segment, s]));
    assert.equal(seg.eu.dataset_drift, false);
    assert.equal(seg.us.dataset_drift, true);
    assert.deepEqual(seg.us.drifted.map((c: any) => c.name).sort(), ['a', 'c']);
    assert.deepEqual(p.multivariate.features, ['a', 'b']);
    assert.ok(Number.isFinite(p.multivariate.error));
  });

  it('emits explained findings and a streaming change on the score stream', async () => {
    const f = (await (await d.request('/v1/findings?stage=drift')).json()) as any[];
    const kinds = f.map((x) => `${x.kind}:${x.labels.feature ?? x.labels.segment ?? x.labels.detector ?? ''}`).sort();
    for (const k of ['drift.dataset:', 'drift.feature:a', 'drift.feature:c', 'drift.prediction:score', 'drift.segment:us', 'drift.stream:page_hinkley']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    assert.ok(!kinds.includes('drift.feature:b'));
    const ds = f.find((x) => x.kind === 'drift.dataset');
    assert.match(ds.summary, /2 of 3 features drifted/);
    assert.match(ds.summary, /new: w/);
    assert.match(ds.summary, /mean/);
    assert.equal(ds.details.versions.current.length, 64);
    assert.deepEqual(ds.details.top_features.map((t: any) => t.feature).sort(), ['a', 'c']);
  });

  it('keeps detector state across runs', async () => {
    const before = ((await (await d.request('/v1/models/churn/drift')).json()) as any).history.length;
    const run = await (await d.request('/v1/stages/drift/run', { method: 'POST' })).json();
    assert.equal(run.outcome, 'ok');
    const after = ((await (await d.request('/v1/models/churn/drift')).json()) as any).history.length;
    // Same rows, but the window's end moved: a new window id, a new report; the detector was
    // fed nothing new since its state remembers the last row.
    assert.equal(after, before + 1);
    const latest = ((await (await d.request('/v1/models/churn/drift')).json()) as any).latest.payload;
    assert.equal(latest.detectors[0].fed, 0);
  });
});
