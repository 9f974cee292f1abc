import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { normalCdf, normalQuantile, normalSf } from '../../lib/special/normal.ts';
import { studentTCdf, studentTQuantile, studentTSf } from '../../lib/special/student-t.ts';
import { assertClose } from './close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/abtest/reference.json', import.meta.url), 'utf8')).distributions;

test('normal cdf and sf match scipy.stats.norm in both tails', () => {
  for (const c of ref.normal_cdf) {
    assertClose(normalCdf(c.z), c.cdf, `cdf(${c.z})`);
    assertClose(normalSf(c.z), c.sf, `sf(${c.z})`);
  }
});

test('normal quantile matches scipy.stats.norm.ppf', () => {
  for (const c of ref.normal_ppf) assertClose(normalQuantile(c.p), c.x, `ppf(${c.p})`);
});

test('Student t sf/cdf match scipy.stats.t, including fractional and huge df', () => {
  for (const c of ref.t_sf) {
    assertClose(studentTSf(c.t, c.df), c.sf, `t.sf(${c.t}, ${c.df})`);
    assertClose(studentTCdf(c.t, c.df), c.cdf, `t.cdf(${c.t}, ${c.df})`);
  }
});

test('Student t quantile matches scipy.stats.t.ppf', () => {
  for (const c of ref.t_ppf) assertClose(studentTQuantile(c.p, c.df), c.x, `t.ppf(${c.p}, ${c.df})`);
});
