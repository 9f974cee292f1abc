import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mannWhitneyU } from '../../lib/abtest/mann-whitney.ts';
import { twoProportionTest } from '../../lib/abtest/two-proportion.ts';
import { welchTTest } from '../../lib/abtest/welch-t-test.ts';
import { assertClose, assertPValue } from './close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/abtest/reference.json', import.meta.url), 'utf8'));

test('two-proportion z-test: pooled z, two-sided p, Wald CI and lift match the reference', () => {
  for (const c of ref.two_proportion) {
    const r = twoProportionTest(c.control, c.treatment, c.confidence);
    const what = `${JSON.stringify(c.control)} vs ${JSON.stringify(c.treatment)}`;
    assertClose(r.z, c.z, `${what} z`, 1e-9, 1e-15);
    assertPValue(r.pValue, c.p_value, what);
    assertClose(r.difference, c.difference, `${what} difference`, 1e-9, 1e-15);
    assertClose(r.ci[0], c.ci[0], `${what} ci low`, 1e-9, 1e-15);
    assertClose(r.ci[1], c.ci[1], `${what} ci high`, 1e-9, 1e-15);
    assertClose(r.relativeLift, c.relative_lift, `${what} lift`, 1e-9, 1e-15);
  }
});

test('two-proportion test rejects impossible counts with a message naming the arm', () => {
  assert.throws(() => twoProportionTest({ successes: 5, trials: 3 }, { successes: 1, trials: 3 }), /control\.successes/);
  assert.throws(() => twoProportionTest({ successes: 1, trials: 3 }, { successes: 1, trials: 0 }), /treatment\.trials/);
});

test('Welch t-test matches scipy.stats.ttest_ind(equal_var=False) with its confidence interval', () => {
  for (const [i, c] of ref.welch.entries()) {
    const r = welchTTest(c.control, c.treatment, c.confidence);
    assertClose(r.statistic, c.statistic, `case ${i} statistic`);
    assertClose(r.df, c.df, `case ${i} df`);
    assertPValue(r.pValue, c.p_value, `case ${i}`);
    assertClose(r.ci[0], c.ci[0], `case ${i} ci low`);
    assertClose(r.ci[1], c.ci[1], `case ${i} ci high`);
    assertClose(r.difference, c.difference, `case ${i} difference`);
  }
});

test('Welch t-test on two constant samples reports NaN rather than a false certainty', () => {
  const r = welchTTest([2, 2, 2], [3, 3, 3]);
  assert.ok(Number.isNaN(r.pValue));
  assert.equal(r.difference, 1);
  assert.throws(() => welchTTest([1], [2, 3]), /at least 2 values/);
});

test('Mann–Whitney U matches scipy.stats.mannwhitneyu on exact, tied and asymptotic paths', () => {
  for (const [i, c] of ref.mann_whitney.entries()) {
    const r = mannWhitneyU(c.x, c.y);
    assertClose(r.statistic, c.statistic, `case ${i} U`);
    assertPValue(r.pValue, c.p_value, `case ${i} (${r.method})`);
  }
});

test('Mann–Whitney picks exact only for a small sample without ties', () => {
  assert.equal(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method, 'exact');
  assert.equal(mannWhitneyU([1, 2, 2], [4, 5, 6, 7]).method, 'asymptotic');
  assert.equal(mannWhitneyU(Array.from({ length: 9 }, (_, i) => i), Array.from({ length: 9 }, (_, i) => i + 0.5)).method, 'asymptotic');
});
