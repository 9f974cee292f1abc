import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf, normalPdf, normalQuantile, normalSf } from '../../lib/special/normal.ts';
import { assertClose, reference } from './close.ts';

test('normal cdf, sf and pdf match scipy.stats.norm out to |z| = 37', () => {
  for (const c of reference.normal) {
    assertClose(normalCdf(c.z), c.cdf, `norm.cdf(${c.z})`);
    assertClose(normalSf(c.z), c.sf, `norm.sf(${c.z})`);
    assertClose(normalPdf(c.z), c.pdf, `norm.pdf(${c.z})`);
  }
});

test('normal quantile matches scipy.stats.norm.ppf down to p = 1e-300', () => {
  for (const c of reference.normal_ppf) assertClose(normalQuantile(c.p), c.x, `norm.ppf(${c.p})`);
});

test('normal functions at the ends of their domain', () => {
  assert.equal(normalSf(Infinity), 0);
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalSf(NaN)));
  assert.throws(() => normalQuantile(1.5), /p in \[0, 1\], got 1\.5/);
});
