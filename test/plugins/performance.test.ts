// The performance stage in a real daemon: labels posted after the predictions, metrics equal to
// lib/performance on the same arrays, the weak segment flagged, a floor breached, and the
// label-free estimate on newer unlabelled rows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { calibrateAll, classificationBySegment, estimatePerformance, fitIsotonicCalibrator } from '../../lib/performance/index.ts';

const config = `server:
  port: 0
log:
  requests: false
models:
  fraud:
    task: binary
    positive_label: 1
stages:
  performance:
    every: 1h
    min:
      accuracy: 0.9
    estimation:
      min_rows: 50
`;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
}

const N = 300;
const yTrue: number[] = [];
const yPred: number[] = [];
const scores: number[] = [];
const segments: string[] = [];
const unlabelled: number[] = [];

describe('performance stage', () => {
  let d: TestDaemon;
  before(async () => {
    const u = rng(11);
    const rows = [];
    const labels = [];
    for (let i = 0; i < N; i++) {
      const seg = i % 3 === 0 ? 'mobile' : 'web';
      const y = u() < 0.4 ? 1 : 0;
      // The model is right 95% of the time on web and 55% on mobile.
      const right = u() < (seg === 'web' ? 0.95 : 0.55);
      const pred = right ? y : 1 - y;
      const score = +(pred === 1 ? 0.5 + 0.5 * u() : 0.5 * u()).toFixed(4);
      yTrue.push(y), yPred.push(pred), scores.push(score), segments.push(seg);
      rows.push({ model: 'fraud', version: 'f1', id: `t${i}`, segment: seg, features: { amount: 10 + i }, prediction: pred, score });
      labels.push({ model: 'fraud', id: `t${i}`, label: y });
    }
    for (let i = 0; i < 80; i++) {
      const score = +u().toFixed(4);
      unlabelled.push(score);
      rows.push({ model: 'fraud', version: 'f1', id: `u${i}`, segment: 'web', features: { amount: 5 }, prediction: score >= 0.5 ? 1 : 0, score });
    }
    d = await startTestDaemon({ config });
    assert.equal((await d.request('/v1/predictions', { method: 'POST', json: rows })).status, 200);
    assert.equal((await d.request('/v1/labels', { method: 'POST', json: labels })).status, 200);
  });
  after(async () => d?.cleanup());

  it('stores realized metrics equal to lib/performance and flags the weak segment', async () => {
    const run = await (await d.request('/v1/stages/performance/run', { method: 'POST' })).json();
    assert.equal(run.outcome, 'ok', run.error);
    const body = (await (await d.request('/v1/models/fraud/performance')).json()) as any;
    const p = body.realized.latest.payload;
    const expected = classificationBySegment(segments, { yTrue, yPred, scores, positive: 1 }, { minCount: 30, margin: 0.05, relativeMargin: 0.25 });
    assert.equal(p.task, 'binary');
    assert.equal(p.window.rows, N);
    assert.deepEqual(p.overall, expected.overall);
    assert.deepEqual(p.segments, expected.segments);
    assert.deepEqual(p.warnings, expected.warnings);
    const mobile = p.segments.find((s: any) => s.segment === 'mobile');
    assert.ok(mobile.underperforming.some((x: any) => x.metric === 'accuracy'));
    assert.ok(!p.segments.find((s: any) => s.segment === 'web').underperforming.some((x: any) => x.metric === 'accuracy'));
    assert.equal(body.realized.latest.modelVersion, 'f1');
  });

  it('emits findings for the weak segment and the accuracy floor', async () => {
    const f = (await (await d.request('/v1/findings?stage=performance')).json()) as any[];
    const mobile = f.find((x) => x.kind === 'performance.segment' && x.labels.segment === 'mobile');
    assert.match(mobile.summary, /segment mobile \(\d+ rows\) underperforms: .*accuracy/);
    assert.equal(mobile.labels.model, 'fraud');
    const acc = f.find((x) => x.kind === 'performance.threshold' && x.labels.metric === 'accuracy');
    assert.ok(acc, 'accuracy below 0.9 is reported');
    assert.ok(acc.details.value < 0.9);
  });

  it('estimates performance of the unlabelled rows from calibrated scores', async () => {
    const body = (await (await d.request('/v1/models/fraud/performance')).json()) as any;
    const e = body.estimated.latest.payload;
    const calibrator = fitIsotonicCalibrator(scores, yTrue, 1);
    const expected = estimatePerformance(calibrateAll(calibrator, unlabelled), { predictions: unlabelled.map((s) => s >= 0.5) });
    assert.equal(e.window.rows, 80);
    assert.deepEqual(e.estimate, JSON.parse(JSON.stringify(expected)));
    assert.equal(e.calibration.rows, N);
  });
});
