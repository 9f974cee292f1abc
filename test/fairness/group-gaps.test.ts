import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { demographicParity, equalOpportunity, type GroupGap } from '../../lib/fairness/group-gaps.ts';
import { assertClose } from '../abtest/close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/fairness/reference.json', import.meta.url), 'utf8'));

function assertGap(actual: GroupGap, expected: any, what: string): void {
  assertClose(actual.difference, expected.difference, `${what} difference`, 1e-9, 1e-15);
  assert.deepEqual(actual.groups.map((g) => [g.group, g.count, g.tooSmall]), expected.groups.map((g: any) => [g.group, g.count, g.too_small]), what);
  actual.groups.forEach((g, i) => assertClose(g.rate, expected.groups[i].rate, `${what} ${g.group} rate`));
}

test('demographic parity and equal-opportunity differences match the reference, small groups left out', () => {
  for (const [i, c] of ref.entries()) {
    const opts = { minGroupSize: c.min_group_size };
    assertGap(demographicParity(c.sensitive, c.y_pred, opts), c.demographic_parity, `case ${i} parity`);
    assertGap(equalOpportunity(c.sensitive, c.y_true, c.y_pred, opts), c.equal_opportunity, `case ${i} opportunity`);
  }
});

test('the gap names the groups at both ends and ignores a tiny group with an extreme rate', () => {
  const sensitive = [...Array(40).fill('a'), ...Array(40).fill('b'), 'c', 'c'];
  const yPred = [...Array(40).fill(0).map((_, i) => (i < 30 ? 1 : 0)), ...Array(40).fill(0).map((_, i) => (i < 10 ? 1 : 0)), 0, 0];
  const r = demographicParity(sensitive, yPred);
  assert.equal(r.difference, 0.5);
  assert.equal(r.maxGroup, 'a');
  assert.equal(r.minGroup, 'b');
  assert.equal(r.groups.find((g) => g.group === 'c')!.tooSmall, true);
});

test('with fewer than two eligible groups there is no difference to report', () => {
  const r = demographicParity(['x', 'x', 'y', null], [1, 0, 1, 1], { minGroupSize: 2 });
  assert.equal(r.difference, null);
  assert.deepEqual(r.groups.map((g) => g.group), ['(missing)', 'x', 'y']);
});

test('string labels and a chosen positive class work; mismatched lengths are refused', () => {
  const r = equalOpportunity(['m', 'm', 'f', 'f'], ['hire', 'hire', 'hire', 'hire'], ['hire', 'hire', 'hire', 'no'], { positive: 'hire', minGroupSize: 1 });
  assert.equal(r.difference, 0.5);
  assert.throws(() => demographicParity(['a'], [1, 0]), /2 values for 1/);
});
