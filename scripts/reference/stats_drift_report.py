#!/usr/bin/env python3
"""Reference SPEC §5 drift report for a small mixed dataset, computed with SciPy/NumPy.

Writes test/fixtures/drift/report.json: the input columns (null as None) and the expected
report fields per column. Run: python3 scripts/reference/stats_drift_report.py
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'drift', 'report.json')


def shares(r, c):
    r = r / r.sum()
    c = c / c.sum()
    rr = np.where(r == 0, 0.0001, r)
    cc = np.where(c == 0, 0.0001, c)
    return {
        'psi': float(np.sum((cc - rr) * np.log(cc / rr))),
        'jensen_shannon': float(jensenshannon(r, c, base=2)),
        'hellinger': float(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(r * c))))),
    }


def non_null(values):
    return [v for v in values if v is not None]


def column_report(name, ref, cur):
    r, c = non_null(ref), non_null(cur)
    missing = {'reference': 1 - len(r) / len(ref), 'current': 1 - len(c) / len(cur)}
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in r + c)
    if numeric and len(set(r)) > 5:
        a, b = np.array(r, float), np.array(c, float)
        ks = stats.ks_2samp(a, b)
        w = stats.wasserstein_distance(a, b)
        edges = np.unique(np.quantile(a, [i / 10 for i in range(1, 10)]))
        rc = np.bincount(np.searchsorted(edges, a, side='right'), minlength=len(edges) + 1).astype(float)
        cc = np.bincount(np.searchsorted(edges, b, side='right'), minlength=len(edges) + 1).astype(float)
        metrics = {'ks': {'statistic': float(ks.statistic), 'p_value': float(ks.pvalue)},
                   'wasserstein': {'distance': float(w), 'normed': float(w / max(np.std(a), 0.001))},
                   **shares(rc, cc)}
        return {'name': name, 'kind': 'numerical', 'method': 'ks', 'statistic': metrics['ks']['statistic'],
                'p_value': metrics['ks']['p_value'], 'threshold': 0.05, 'drift': bool(ks.pvalue < 0.05),
                'missing_share': missing, 'metrics': metrics}
    key = lambda v: ('true' if v else 'false') if isinstance(v, bool) else str(v)
    cats = []
    for v in r + c:
        if key(v) not in cats:
            cats.append(key(v))
    rc = np.array([sum(1 for v in r if key(v) == k) for k in cats], float)
    cc = np.array([sum(1 for v in c if key(v) == k) for k in cats], float)
    chi = stats.chi2_contingency(np.array([rc, cc]), correction=False)
    metrics = {'chi2': {'statistic': float(chi.statistic), 'p_value': float(chi.pvalue)}, **shares(rc, cc)}
    return {'name': name, 'kind': 'categorical', 'method': 'chi2', 'statistic': metrics['chi2']['statistic'],
            'p_value': metrics['chi2']['p_value'], 'threshold': 0.05, 'drift': bool(chi.pvalue < 0.05),
            'missing_share': missing, 'metrics': metrics}


def with_nulls(values, rng, share):
    return [None if rng.random() < share else v for v in values]


def main():
    rng = np.random.default_rng(7)
    n_ref, n_cur = 300, 260
    reference = {
        'age': with_nulls([float(x) for x in rng.normal(40, 10, n_ref).round(1)], rng, 0.05),
        'income': [float(x) for x in rng.lognormal(10, 0.5, n_ref).round(2)],
        'rooms': [int(x) for x in rng.integers(1, 5, n_ref)],
        'plan': [str(x) for x in rng.choice(['basic', 'plus', 'pro'], n_ref, p=[0.5, 0.3, 0.2])],
        'churned': [bool(x) for x in rng.random(n_ref) < 0.2],
    }
    current = {
        'age': with_nulls([float(x) for x in rng.normal(46, 10, n_cur).round(1)], rng, 0.1),
        'income': [float(x) for x in rng.lognormal(10, 0.5, n_cur).round(2)],
        'rooms': [int(x) for x in rng.integers(1, 6, n_cur)],
        'plan': [str(x) for x in rng.choice(['basic', 'plus', 'pro', 'enterprise'], n_cur, p=[0.4, 0.3, 0.2, 0.1])],
        'churned': [bool(x) for x in rng.random(n_cur) < 0.22],
    }
    columns = [column_report(name, reference[name], current[name]) for name in reference]
    drifted = sum(c['drift'] for c in columns)
    report = {'share_drifted': drifted / len(columns), 'dataset_drift': drifted / len(columns) >= 0.5, 'columns': columns}
    with open(OUT, 'w') as f:
        json.dump({'reference': reference, 'current': current, 'expected': report}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
