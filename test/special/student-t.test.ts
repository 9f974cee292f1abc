import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from '../../lib/special/student-t.ts';
import { assertClose, reference } from './close.ts';

test('Student t sf, cdf and pdf match scipy.stats.t for fractional to large df', () => {
  for (const c of reference.t) {
    assertClose(studentTSf(c.t, c.df), c.sf, `t.sf(${c.t}, ${c.df})`);
    assertClose(studentTCdf(c.t, c.df), c.cdf, `t.cdf(${c.t}, ${c.df})`);
    assertClose(studentTPdf(c.t, c.df), c.pdf, `t.pdf(${c.t}, ${c.df})`);
  }
});

test('Student t quantile matches scipy.stats.t.ppf in both tails, down to p = 1e-10', () => {
  for (const c of reference.t_ppf) assertClose(studentTQuantile(c.p, c.df), c.x, `t.ppf(${c.p}, ${c.df})`);
});

test('Student t at the ends of its domain', () => {
  assert.equal(studentTSf(Infinity, 3), 0);
  assert.equal(studentTSf(-Infinity, 3), 1);
  assert.ok(Number.isNaN(studentTSf(NaN, 3)));
  assert.throws(() => studentTSf(1, 0), /degrees of freedom > 0, got 0/);
});
