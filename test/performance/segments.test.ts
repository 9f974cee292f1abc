import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classificationBySegment, regressionBySegment } from '../../lib/performance/segment-breakdown.ts';
import { assertClose } from '../abtest/close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/performance/reference.json', import.meta.url), 'utf8')).segments;

test('per-segment metrics and counts match the reference', () => {
  const r = classificationBySegment(ref.segments, { yTrue: ref.y_true, yPred: ref.y_pred, scores: ref.scores });
  assertClose(r.overall.f1, ref.overall.f1, 'overall f1');
  assert.deepEqual(r.segments.map((s) => s.segment), Object.keys(ref.per_segment).sort());
  for (const s of r.segments) {
    const e = ref.per_segment[s.segment];
    assert.equal(s.count, e.count);
    for (const k of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'ece'] as const) {
      const key = { rocAuc: 'roc_auc', logLoss: 'log_loss' }[k as string] ?? k;
      assertClose(s.metrics[k], e[key], `${s.segment} ${k}`);
    }
  }
});

test('the segment where predictions are coin flips is flagged, the good ones are not', () => {
  const r = classificationBySegment(ref.segments, { yTrue: ref.y_true, yPred: ref.y_pred, scores: ref.scores });
  const flagged = r.segments.filter((s) => s.underperforming.length > 0).map((s) => s.segment);
  assert.deepEqual(flagged, ['apac']);
  const apac = r.segments.find((s) => s.segment === 'apac')!;
  assert.ok(apac.underperforming.some((u) => u.metric === 'accuracy'));
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /segment apac \(\d+ rows\) underperforms: .*accuracy/);
});

test('a small segment is reported but not flagged, and null segments are grouped', () => {
  const segments = ['a', 'a', 'a', 'a', null, null];
  const yTrue = [1, 0, 1, 0, 1, 0];
  const yPred = [1, 0, 1, 0, 0, 1];
  const r = classificationBySegment(segments, { yTrue, yPred }, { minCount: 3 });
  const none = r.segments.find((s) => s.segment === '(none)')!;
  assert.equal(none.count, 2);
  assert.equal(none.tooSmall, true);
  assert.deepEqual(none.underperforming, []);
  const loose = classificationBySegment(segments, { yTrue, yPred }, { minCount: 1 });
  assert.ok(loose.segments.find((s) => s.segment === '(none)')!.underperforming.length > 0);
});

test('regression segments flag an error metric by relative margin', () => {
  const segments: string[] = [];
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (let i = 0; i < 200; i++) {
    const seg = i % 4 === 0 ? 'mobile' : 'web';
    segments.push(seg);
    yTrue.push(100 + (i % 7));
    yPred.push(100 + (i % 7) + (seg === 'mobile' ? 12 : 1) * (i % 2 === 0 ? 1 : -1));
  }
  const r = regressionBySegment(segments, yTrue, yPred);
  const mobile = r.segments.find((s) => s.segment === 'mobile')!;
  assert.ok(mobile.underperforming.some((u) => u.metric === 'mae'));
  assert.deepEqual(r.segments.find((s) => s.segment === 'web')!.underperforming, []);
});
