// Parity with SciPy/NumPy on the vectors of scripts/reference/stats_reference.py: statistics to
// 1e-9 relative, p-values to 1e-6 absolute (SPEC §5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { andersonKSampleSorted } from '../../lib/stats/anderson-darling.ts';
import { numericalBins } from '../../lib/stats/binning.ts';
import { chiSquareTwoRow } from '../../lib/stats/chi2.ts';
import { cramerVonMisesSorted } from '../../lib/stats/cramer-von-mises.ts';
import { energyDistanceSorted } from '../../lib/stats/energy.ts';
import { hellingerFromCounts } from '../../lib/stats/hellinger.ts';
import { jensenShannonFromCounts } from '../../lib/stats/jensen-shannon.ts';
import { kolmogorovNSf } from '../../lib/stats/kolmogorov-n.ts';
import { ksTwoSample } from '../../lib/stats/ks.ts';
import { lInfinityFromCounts } from '../../lib/stats/l-infinity.ts';
import { benjaminiHochberg, bonferroni } from '../../lib/stats/multiple-testing.ts';
import { psiFromCounts } from '../../lib/stats/psi.ts';
import { sortedCopy } from '../../lib/stats/sort.ts';
import { wassersteinSorted } from '../../lib/stats/wasserstein.ts';
import { zTestFromCounts } from '../../lib/stats/z-test.ts';
import { parkMiller, type SampleSpec } from './park-miller.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/stats/reference.json', import.meta.url), 'utf8'));

function close(actual: number, expected: number, what: string, rel = 1e-9): void {
  const tol = rel * Math.max(Math.abs(expected), 1e-300) + 1e-15;
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, SciPy ${expected}`);
}

function pClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6, `${what}: got ${actual}, SciPy ${expected}`);
}

interface PTest {
  statistic: number;
  p_value: number;
}

interface NumericalCase {
  name: string;
  reference?: number[];
  current?: number[];
  reference_spec?: SampleSpec;
  current_spec?: SampleSpec;
  ks: PTest;
  wasserstein: { distance: number; normed: number };
  energy: number;
  edges: number[];
  reference_bins: number[];
  current_bins: number[];
  psi: number;
  jensen_shannon: number;
  hellinger: number;
  l_infinity: number;
  cramer_von_mises?: PTest;
  anderson_darling?: PTest;
}

function samples(c: NumericalCase): [Float64Array, Float64Array] {
  if (c.reference_spec) return [parkMiller(c.reference_spec), parkMiller(c.current_spec!)];
  return [Float64Array.from(c.reference!), Float64Array.from(c.current!)];
}

for (const c of fixture.numerical as NumericalCase[]) {
  test(`numerical parity: ${c.name}`, () => {
    const [ref, cur] = samples(c);
    const a = sortedCopy(ref);
    const b = sortedCopy(cur);
    const ks = ksTwoSample(ref, cur);
    close(ks.statistic, c.ks.statistic, 'ks statistic');
    pClose(ks.p_value, c.ks.p_value, 'ks p-value');
    const w = wassersteinSorted(a, b);
    close(w.distance, c.wasserstein.distance, 'wasserstein');
    close(w.normed, c.wasserstein.normed, 'wasserstein normed');
    close(energyDistanceSorted(a, b), c.energy, 'energy distance');
    const bins = numericalBins(a, b);
    assert.deepEqual(bins.edges, c.edges, 'bin edges');
    assert.deepEqual([...bins.reference], c.reference_bins, 'reference bin counts');
    assert.deepEqual([...bins.current], c.current_bins, 'current bin counts');
    close(psiFromCounts(bins.reference, bins.current), c.psi, 'psi');
    close(jensenShannonFromCounts(bins.reference, bins.current), c.jensen_shannon, 'jensen_shannon');
    close(hellingerFromCounts(bins.reference, bins.current), c.hellinger, 'hellinger');
    close(lInfinityFromCounts(bins.reference, bins.current), c.l_infinity, 'l_infinity');
    if (c.cramer_von_mises) {
      const cvm = cramerVonMisesSorted(a, b);
      close(cvm.statistic, c.cramer_von_mises.statistic, 'cvm statistic');
      pClose(cvm.p_value, c.cramer_von_mises.p_value, 'cvm p-value');
    }
    if (c.anderson_darling) {
      const ad = andersonKSampleSorted([a, b]);
      close(ad.statistic, c.anderson_darling.statistic, 'anderson statistic');
      pClose(ad.p_value, c.anderson_darling.p_value, 'anderson p-value');
    }
  });
}

interface CategoricalCase {
  name: string;
  reference_counts: number[];
  current_counts: number[];
  chi2: PTest;
  z: PTest;
  psi: number;
  jensen_shannon: number;
  hellinger: number;
  l_infinity: number;
}

for (const c of fixture.categorical as CategoricalCase[]) {
  test(`categorical parity: ${c.name}`, () => {
    const r = Float64Array.from(c.reference_counts);
    const k = Float64Array.from(c.current_counts);
    const chi = chiSquareTwoRow(r, k);
    close(chi.statistic, c.chi2.statistic, 'chi2 statistic');
    pClose(chi.p_value, c.chi2.p_value, 'chi2 p-value');
    const z = zTestFromCounts(r, k);
    close(z.statistic, c.z.statistic, 'z statistic');
    pClose(z.p_value, c.z.p_value, 'z p-value');
    close(psiFromCounts(r, k), c.psi, 'psi');
    close(jensenShannonFromCounts(r, k), c.jensen_shannon, 'jensen_shannon');
    close(hellingerFromCounts(r, k), c.hellinger, 'hellinger');
    close(lInfinityFromCounts(r, k), c.l_infinity, 'l_infinity');
  });
}

test('multiple-testing corrections match SciPy', () => {
  const { p_values, benjamini_hochberg, bonferroni: bonf } = fixture.corrections;
  benjaminiHochberg(p_values).forEach((p, i) => close(p, benjamini_hochberg[i], `bh[${i}]`));
  bonferroni(p_values).forEach((p, i) => close(p, bonf[i], `bonferroni[${i}]`));
});

test('finite-n Kolmogorov survival function matches scipy.stats.kstwo.sf', () => {
  for (const { n, x, sf } of fixture.kolmogorov_n as { n: number; x: number; sf: number }[]) {
    pClose(kolmogorovNSf(n, x), sf, `kstwo.sf(${x}, ${n})`);
  }
});
