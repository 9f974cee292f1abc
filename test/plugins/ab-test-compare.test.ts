// The version comparison on columns: NaN becomes null in JSON, the task is inferred, and small
// arms are reported rather than tested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PredictionColumns } from '../../core/plugin-api/index.ts';
import { compareVersions, finiteOrNull, inferTask } from '../../lib/abtest/compare-versions.ts';

function columns(rows: { version: string; pred: number; label?: number; score: number }[]): PredictionColumns {
  const n = rows.length;
  return {
    rows: n,
    seq: Float64Array.from(rows, (_, i) => i),
    ts: new Float64Array(n),
    id: rows.map((_, i) => String(i)),
    version: rows.map((r) => r.version),
    segment: rows.map(() => null),
    predictionNum: Float64Array.from(rows, (r) => r.pred),
    predictionStr: rows.map(() => null),
    score: Float64Array.from(rows, (r) => r.score),
    labelNum: Float64Array.from(rows, (r) => r.label ?? NaN),
    labelStr: rows.map(() => null),
    features: {},
    attributes: {},
  };
}

test('constant scores give undefined Welch figures, served as null', () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ version: i % 2 ? 'a' : 'b', pred: i % 3 === 0 ? 1 : 0, score: 0.5 }));
  const cmp = finiteOrNull(compareVersions(columns(rows), 'a', 'b', { minPerArm: 5 }));
  const score = cmp.outcomes.find((o) => o.name === 'score')!;
  assert.ok(score.type === 'continuous' && score.comparison);
  assert.equal(score.comparison.welch.pValue, null);
  assert.equal(score.comparison.effect.cohensD, null);
  assert.equal(cmp.bandit, null, 'no labels, no bandit');
  assert.match(cmp.notes.join(' '), /needs labelled outcomes/);
});

test('regression compares absolute errors and the bandit rewards the smaller error', () => {
  const rows = Array.from({ length: 60 }, (_, i) => ({ version: i % 2 ? 'a' : 'b', pred: 10.5 + (i % 5) + (i % 2 ? 1.5 : 0.1) * (((i % 7) - 3) / 3 + 0.01), label: 10.5 + (i % 5), score: NaN }));
  const cols = columns(rows);
  assert.equal(inferTask(cols), 'regression');
  const cmp = compareVersions(cols, 'a', 'b', { minPerArm: 5 });
  const err = cmp.outcomes.find((o) => o.name === 'absolute_error')!;
  assert.ok(err.type === 'continuous' && err.comparison && err.b.mean! < err.a.mean!);
  assert.equal(cmp.bandit?.arms.find((a) => a.arm === 'b')!.probabilityBest, 1);
});

test('arms below the minimum are described, not tested', () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ version: i % 2 ? 'a' : 'b', pred: 1, label: 1, score: 0.9 }));
  const cmp = compareVersions(columns(rows), 'a', 'b', { minPerArm: 30 });
  const correct = cmp.outcomes.find((o) => o.name === 'correct')!;
  assert.equal(correct.comparison, null);
  assert.match(correct.note!, /at least 30 outcomes per version \(have 5 and 5\)/);
});
