import { test } from 'node:test';
import assert from 'node:assert/strict';
import { betaQuantile } from '../../lib/special/beta-quantile.ts';
import { regularizedIncompleteBeta } from '../../lib/special/incomplete-beta.ts';
import { assertClose, reference } from './close.ts';

test('regularizedIncompleteBeta matches scipy.special.betainc from x = 1e-8 to 1 − 1e-6', () => {
  for (const c of reference.betainc) assertClose(regularizedIncompleteBeta(c.a, c.b, c.x), c.value, `betainc(${c.a}, ${c.b}, ${c.x})`);
});

test('with 1 − x passed exactly, betainc is the value at that x (scipy.special.betaincc(b, a, xc))', () => {
  for (const c of reference.betainc_exact_xc) {
    assertClose(regularizedIncompleteBeta(c.a, c.b, 1 - c.xc, c.xc), c.value, `betainc(${c.a}, ${c.b}, 1 − ${c.xc})`);
  }
});

test('betaQuantile matches scipy.stats.beta.ppf', () => {
  for (const c of reference.beta_ppf) {
    assertClose(betaQuantile(c.q, c.a, c.b), c.value, `beta.ppf(${c.q}, ${c.a}, ${c.b})`);
  }
});

test('incomplete beta at the ends of its domain and bad shapes', () => {
  assert.equal(regularizedIncompleteBeta(2, 3, 0), 0);
  assert.equal(regularizedIncompleteBeta(2, 3, 1), 1);
  assert.ok(Number.isNaN(regularizedIncompleteBeta(2, 3, NaN)));
  assert.throws(() => regularizedIncompleteBeta(0, 3, 0.5), /a, b > 0, got a=0, b=3/);
  assert.equal(betaQuantile(0, 2, 3), 0);
  assert.equal(betaQuantile(1, 2, 3), 1);
  assert.throws(() => betaQuantile(-0.1, 2, 3), /probability must be in \[0, 1\], got -0.1/);
});
