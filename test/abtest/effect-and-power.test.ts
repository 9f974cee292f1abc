import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareMeans, compareProportions } from '../../lib/abtest/compare.ts';
import { cohensH, standardizedMeanDifference } from '../../lib/abtest/effect-size.ts';
import { powerNote } from '../../lib/abtest/power.ts';
import { assertClose } from './close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/abtest/reference.json', import.meta.url), 'utf8'));

test("Cohen's d and Hedges' g with intervals match the reference formulas", () => {
  for (const [i, c] of ref.effect_size.entries()) {
    const r = standardizedMeanDifference(c.control, c.treatment, c.confidence);
    assertClose(r.cohensD, c.cohens_d, `case ${i} d`);
    assertClose(r.cohensDCi[0], c.cohens_d_ci[0], `case ${i} d ci low`);
    assertClose(r.cohensDCi[1], c.cohens_d_ci[1], `case ${i} d ci high`);
    assertClose(r.hedgesG, c.hedges_g, `case ${i} g`);
    assertClose(r.hedgesGCi[0], c.hedges_g_ci[0], `case ${i} g ci low`);
    assertClose(r.hedgesGCi[1], c.hedges_g_ci[1], `case ${i} g ci high`);
  }
});

test("Cohen's h matches the reference and is antisymmetric", () => {
  for (const c of ref.two_proportion) {
    const p1 = c.control.successes / c.control.trials;
    const p2 = c.treatment.successes / c.treatment.trials;
    assertClose(cohensH(p1, p2), c.cohens_h, `h(${p1}, ${p2})`, 1e-9, 1e-15);
    assert.ok(cohensH(p2, p1) + cohensH(p1, p2) === 0, "h(a, b) = −h(b, a)");
  }
});

test('power note: achieved power and required per-arm size match the normal-approximation reference', () => {
  for (const c of ref.power) {
    const r = powerNote(c.effect, c.n1, c.n2, c.alpha, c.target_power);
    assertClose(r.achievedPower, c.achieved_power, `power e=${c.effect}`);
    assert.equal(r.requiredPerArm, c.required_per_arm, `required n for e=${c.effect}`);
  }
});

test('power at the required size reaches the target power', () => {
  const note = powerNote(0.3, 10, 10);
  const n = note.requiredPerArm!;
  assert.ok(powerNote(0.3, n, n).achievedPower >= 0.8);
  assert.ok(powerNote(0.3, n - 1, n - 1).achievedPower < 0.8);
});

test('compare helpers bundle test, effect and power consistently', () => {
  const binary = compareProportions({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 });
  assert.equal(binary.power.effect, binary.cohensH);
  assert.ok(binary.test.pValue < 0.1 && binary.test.pValue > 0.01);
  const control = [5.1, 4.9, 5.3, 5.0, 5.2, 4.8];
  const treatment = [5.6, 5.4, 5.9, 5.5, 5.7, 5.8];
  const cont = compareMeans(control, treatment);
  assert.ok(cont.welch.difference > 0 && cont.effect.cohensD > 0 && cont.mannWhitney.statistic === 36);
  assert.ok(cont.power !== null && cont.power.achievedPower > 0.9);
});
