#!/usr/bin/env python3
"""Reference values for lib/stats, computed with SciPy/NumPy.

Writes test/fixtures/stats/reference.json. Large samples are not stored: both this script and
the tests regenerate them from a Park-Miller generator whose arithmetic is exact in float64, so
the same seed gives the same values in Python and TypeScript.

Run: python3 scripts/reference/stats_reference.py
"""
import json
import math
import os
import warnings

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'stats', 'reference.json')


def park_miller(seed, n, loc=0.0, scale=1.0, decimals=None):
    """Sum of three uniforms, centred: a smooth bell, bit-identical in every language."""
    s = seed
    out = []
    for _ in range(n):
        acc = 0.0
        for _ in range(3):
            s = (s * 16807) % 2147483647
            acc += s / 2147483647
        v = loc + scale * (acc - 1.5)
        if decimals is not None:
            v = round(v * 10 ** decimals) / 10 ** decimals
        out.append(v)
    return np.array(out, dtype=np.float64)


def generated(spec):
    return park_miller(spec['seed'], spec['n'], spec.get('loc', 0.0), spec.get('scale', 1.0), spec.get('decimals'))


def bins(ref, cur):
    edges = np.unique(np.quantile(ref, [i / 10 for i in range(1, 10)]))
    r = np.bincount(np.searchsorted(edges, ref, side='right'), minlength=len(edges) + 1).astype(float)
    c = np.bincount(np.searchsorted(edges, cur, side='right'), minlength=len(edges) + 1).astype(float)
    return edges, r, c


def distribution_metrics(r_counts, c_counts):
    r = r_counts / r_counts.sum()
    c = c_counts / c_counts.sum()
    rr = np.where(r == 0, 0.0001, r)
    cc = np.where(c == 0, 0.0001, c)
    psi = float(np.sum((cc - rr) * np.log(cc / rr)))
    js = float(jensenshannon(r, c, base=2))
    hel = float(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(r * c)))))
    linf = float(np.max(np.abs(r - c)))
    return {'psi': psi, 'jensen_shannon': js, 'hellinger': hel, 'l_infinity': linf}


def numerical_case(name, ref, cur, data=None):
    ks = stats.ks_2samp(ref, cur)
    w = stats.wasserstein_distance(ref, cur)
    std = float(np.std(ref))
    edges, r, c = bins(ref, cur)
    out = {
        'name': name,
        'ks': {'statistic': float(ks.statistic), 'p_value': float(ks.pvalue)},
        'wasserstein': {'distance': float(w), 'normed': float(w / max(std, 0.001))},
        'energy': float(stats.energy_distance(ref, cur)),
        'edges': [float(e) for e in edges],
        'reference_bins': r.tolist(),
        'current_bins': c.tolist(),
        **distribution_metrics(r, c),
    }
    if len(ref) >= 2 and len(cur) >= 2:
        cvm = stats.cramervonmises_2samp(ref, cur)
        out['cramer_von_mises'] = {'statistic': float(cvm.statistic), 'p_value': float(cvm.pvalue)}
    if len(np.unique(np.concatenate([ref, cur]))) >= 2 and len(ref) + len(cur) > 3:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            ad = stats.anderson_ksamp([ref, cur], variant='midrank')
        out['anderson_darling'] = {'statistic': float(ad.statistic), 'p_value': float(ad.pvalue)}
    out.update(data if data is not None else {'reference': ref.tolist(), 'current': cur.tolist()})
    return out


def categorical_case(name, r_counts, c_counts):
    r = np.array(r_counts, dtype=float)
    c = np.array(c_counts, dtype=float)
    chi = stats.chi2_contingency(np.array([r, c]), correction=False)
    rp, cp = r / r.sum(), c / c.sum()
    at = int(np.argmax(np.abs(rp - cp)))
    x1, n1, x2, n2 = r[at], r.sum(), c[at], c.sum()
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (x1 / n1 - x2 / n2) / se if se > 0 else 0.0
    zp = min(1.0, 2 * stats.norm.sf(abs(z))) if se > 0 else 1.0
    return {
        'name': name,
        'reference_counts': r_counts,
        'current_counts': c_counts,
        'chi2': {'statistic': float(chi.statistic), 'p_value': float(chi.pvalue)},
        'z': {'statistic': float(z), 'p_value': float(zp)},
        **distribution_metrics(r, c),
    }


def main():
    rng = np.random.default_rng(20261127)
    numerical = []

    def inline(name, ref, cur):
        numerical.append(numerical_case(name, np.asarray(ref, float), np.asarray(cur, float)))

    def gen(name, rspec, cspec):
        numerical.append(numerical_case(name, generated(rspec), generated(cspec),
                                        {'reference_spec': rspec, 'current_spec': cspec}))

    inline('small equal sizes (exact square path)', rng.normal(0, 1, 30), rng.normal(0.4, 1, 30))
    inline('small unequal sizes (exact band path)', rng.normal(0, 1, 40), rng.normal(0.2, 1.3, 55))
    inline('small identical', [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5])
    inline('small disjoint', rng.normal(0, 1, 12), rng.normal(10, 1, 9))
    inline('cvm exact sizes', rng.normal(0, 1, 10), rng.normal(0.8, 1, 13))
    inline('cvm exact with ties', rng.integers(0, 5, 15), rng.integers(1, 6, 18))
    inline('ties (small integers)', rng.integers(0, 12, 400), rng.integers(1, 13, 350))
    inline('single value each', [3.0], [4.0])
    inline('single value against many', [2.0], rng.normal(2, 1, 25))
    inline('constant equal', np.full(50, 7.0), np.full(40, 7.0))
    inline('constant reference', np.full(60, 1.0), rng.normal(1, 0.5, 70))
    gen('exact at the auto limit', {'seed': 61, 'n': 10000}, {'seed': 62, 'n': 9000, 'loc': 0.03})
    gen('large asymptotic, Durbin region', {'seed': 11, 'n': 12000}, {'seed': 12, 'n': 15000, 'loc': 0.01})
    gen('large asymptotic, Smirnov tail', {'seed': 21, 'n': 20000}, {'seed': 22, 'n': 20000, 'loc': 0.1})
    gen('large asymptotic, tied values', {'seed': 31, 'n': 30000, 'decimals': 1}, {'seed': 32, 'n': 25000, 'loc': 0.02, 'decimals': 1})
    gen('large against tiny (small n asymptotic)', {'seed': 41, 'n': 12000}, {'seed': 42, 'n': 40, 'loc': 0.3})
    gen('very large, Pelz-Good region', {'seed': 51, 'n': 250000}, {'seed': 52, 'n': 240000, 'loc': 0.004})

    categorical = [
        categorical_case('three categories, shifted', [500, 300, 200], [420, 330, 250]),
        categorical_case('new category in current', [100, 50, 0], [90, 40, 30]),
        categorical_case('vanished category', [80, 20, 10], [85, 25, 0]),
        categorical_case('binary, identical shares', [30, 70], [60, 140]),
        categorical_case('single category', [10], [12]),
        categorical_case('many categories', [int(x) for x in rng.integers(1, 80, 25)], [int(x) for x in rng.integers(1, 80, 25)]),
    ]

    pvals = [0.01, 0.04, 0.03, 0.2, 0.5, 0.001, 0.04]
    corrections = {
        'p_values': pvals,
        'benjamini_hochberg': [float(x) for x in stats.false_discovery_control(pvals, method='bh')],
        'bonferroni': [min(1.0, p * len(pvals)) for p in pvals],
    }
    kolmogorov = [{'n': n, 'x': x, 'sf': float(stats.kstwo.sf(x, n))} for n, x in [
        (5, 0.3), (5, 0.6), (20, 0.1), (20, 0.25), (50, 0.2), (100, 0.3), (140, 0.05), (300, 0.05),
        (5000, 0.01), (5000, 0.02), (5000, 0.03), (200000, 0.002), (200000, 0.004), (10, 0.07)]]

    with open(OUT, 'w') as f:
        json.dump({'generator': 'park-miller sum of three uniforms', 'numerical': numerical,
                   'categorical': categorical, 'corrections': corrections, 'kolmogorov_n': kolmogorov}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
