"""Reference values for lib/correlate and lib/failure: scipy.stats pearsonr, spearmanr,
fisher_exact(alternative='greater'), betainc and beta.ppf on seeded inputs.

Run: python3 scripts/reference/correlate_reference.py > test/fixtures/correlate/reference.json
"""
import json
import sys

import numpy as np
from scipy import special, stats

rng = np.random.default_rng(20240606)
out = {"versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__}}

cases = []
for n, rho, ties in [(3, 0.5, False), (5, 0.9, False), (10, 0.0, False), (25, 0.3, True), (50, -0.6, False),
                     (200, 0.05, True), (1000, 0.1, False), (12, 0.99, False), (40, 0.2, True)]:
    x = rng.normal(size=n)
    y = rho * x + np.sqrt(1 - rho * rho) * rng.normal(size=n)
    if ties:
        x = np.round(x * 2) / 2
        y = np.round(y)
    p = stats.pearsonr(x, y)
    s = stats.spearmanr(x, y)
    cases.append({"x": x.tolist(), "y": y.tolist(), "pearson": [float(p.statistic), float(p.pvalue)],
                  "spearman": [float(s.statistic), float(s.pvalue)]})
out["correlation"] = cases

fisher = []
for table in [[[3, 1], [1, 3]], [[10, 2], [3, 50]], [[0, 5], [5, 0]], [[1, 0], [0, 1]], [[20, 30], [40, 900]],
              [[5, 95], [5, 895]], [[2, 8], [30, 60]], [[50, 10], [10, 50]]]:
    res = stats.fisher_exact(table, alternative="greater")
    fisher.append({"table": table, "p": float(res.pvalue)})
out["fisher_greater"] = fisher

betainc = []
for a, b, x in [(1, 1, 0.3), (0.5, 0.5, 0.1), (2, 3, 0.4), (10, 20, 0.35), (200, 300, 0.41), (0.7, 5, 0.02), (5, 1.5, 0.99)]:
    betainc.append({"a": a, "b": b, "x": x, "value": float(special.betainc(a, b, x))})
out["betainc"] = betainc

ppf = []
for a, b in [(1, 1), (2, 9), (1, 30), (31, 1), (7.5, 3.2), (101, 901), (1.5, 0.5), (0.5, 0.5), (3, 1000)]:
    for q in [0.001, 0.025, 0.05, 0.5, 0.95, 0.975, 0.999]:
        ppf.append({"a": a, "b": b, "q": q, "value": float(stats.beta.ppf(q, a, b))})
out["beta_ppf"] = ppf

json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
