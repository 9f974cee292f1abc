import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAD_NORMAL_SCALE, medianAbsDeviation, medianAndMad } from '../../lib/robust/mad.ts';
import { median, quantile } from '../../lib/robust/quantile.ts';
import { poissonCdf, poissonUpperTail } from '../../lib/anomaly/poisson-tail.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/anomaly/robust_stats.json', import.meta.url), 'utf8'));

function closeRel(actual: number, expected: number, what: string, rel = 1e-9) {
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.abs(expected);
  assert.ok(ok, `${what}: ${actual} vs ${expected}`);
}

test('median, quantiles and MAD match numpy / scipy', () => {
  for (const c of fixture.cases) {
    const xs = Float64Array.from(c.values as (number | null)[], (v) => v ?? NaN);
    closeRel(median(xs), c.median, `${c.name} median`);
    fixture.quantileLevels.forEach((q: number, i: number) => closeRel(quantile(xs, q), c.quantiles[i], `${c.name} q${q}`));
    closeRel(medianAbsDeviation(xs), c.mad, `${c.name} mad`);
    closeRel(medianAbsDeviation(xs, 'normal'), c.madNormal, `${c.name} mad normal`);
    const both = medianAndMad(xs);
    closeRel(both.median, c.median, `${c.name} medianAndMad.median`);
    closeRel(both.mad, c.madNormal, `${c.name} medianAndMad.mad`);
  }
  assert.ok(Math.abs(MAD_NORMAL_SCALE - 1.4826) < 1e-4);
  assert.ok(Number.isNaN(median([])));
  assert.throws(() => quantile([1], 1.5), /q must be in \[0, 1\]/);
});

test('Poisson tails match scipy.stats.poisson', () => {
  for (const p of fixture.poisson) {
    closeRel(poissonCdf(p.k, p.rate), p.cdf, `cdf(${p.k}; ${p.rate})`);
    closeRel(poissonUpperTail(p.k, p.rate), p.upperTail, `P(X ≥ ${p.k}; ${p.rate})`);
  }
});
