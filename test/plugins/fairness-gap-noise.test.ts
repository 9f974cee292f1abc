// A fairness gap is a finding only when above the threshold by more than 1.645 standard errors
// of the difference between the two groups' rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confidentlyAbove, gapStandardError } from '../../plugins/fairness/gap-noise.ts';

const gap = (a: { rate: number; count: number }, b: { rate: number; count: number }) => ({
  difference: a.rate - b.rate,
  maxGroup: 'female',
  minGroup: 'male',
  groups: [{ group: 'female', tooSmall: false, ...a }, { group: 'male', tooSmall: false, ...b }],
  minGroupSize: 30,
});

test('a 0.166 gap in true-positive rates over ~40 positives per group is noise; over 4,000 it is not', () => {
  const small = gap({ rate: 0.366, count: 41 }, { rate: 0.2, count: 45 });
  // sqrt(.366·.634/41 + .2·.8/45) = 0.0967; 0.066 above the threshold < 1.645·0.0967
  assert.ok(Math.abs(gapStandardError(small)! - Math.sqrt((0.366 * 0.634) / 41 + (0.2 * 0.8) / 45)) < 1e-15);
  assert.equal(confidentlyAbove(small, 0.1), false);
  assert.equal(confidentlyAbove(gap({ rate: 0.366, count: 4100 }, { rate: 0.2, count: 4500 }), 0.1), true);
});

test('gaps at or below the threshold, or without two measured groups, are never findings', () => {
  assert.equal(confidentlyAbove(gap({ rate: 0.3, count: 1e6 }, { rate: 0.2, count: 1e6 }), 0.1), false);
  assert.equal(confidentlyAbove({ difference: null, maxGroup: null, minGroup: null, groups: [], minGroupSize: 30 }, 0.1), false);
});
