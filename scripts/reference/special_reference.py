"""Reference values for lib/special: scipy.special gammaln, betaln, gammainc, gammaincc, betainc,
betaincc, betaincinv and scipy.stats chi2.sf, norm.cdf/sf/pdf/ppf, t.sf/cdf/pdf/ppf on fixed grids.

The grids stay inside the range where the Lanczos log-gamma keeps 1e-9 relative accuracy of the
prefactors (shape parameters up to about 1e4): beyond it ln Γ alone is ~1e-16 · |ln Γ| off.

Run: python3 scripts/reference/special_reference.py > test/fixtures/special/reference.json
"""
import json
import sys

import numpy as np
import scipy
from scipy import special, stats

out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}}

out["gammaln"] = [{"x": x, "value": float(special.gammaln(x))}
                  for x in [1e-8, 1e-3, 0.1, 0.5, 0.9, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 7.7, 33.3, 100.5, 1e4, -0.5, -2.5, -7.3]]
out["betaln"] = [{"a": a, "b": b, "value": float(special.betaln(a, b))}
                 for a, b in [(0.5, 0.5), (1, 1), (2, 3), (0.1, 7), (30, 40.5), (1e3, 2.5)]]

gamma = []
for a in [0.5, 1.0, 2.5, 7.0, 30.0, 100.0, 1000.0]:
    for f in [1e-3, 0.1, 0.5, 0.9, 1.0, 1.1, 1.5, 3.0, 10.0]:
        x = a * f
        gamma.append({"a": a, "x": x, "p": float(special.gammainc(a, x)), "q": float(special.gammaincc(a, x))})
out["gammainc"] = gamma
out["chi2_sf"] = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))}
                  for df in [1, 2, 5, 30, 200] for x in [0.01, 0.5, 1.0, 4.0, 25.0, 150.0, 400.0]]

zs = [float(z) for z in np.arange(-37, 38, 2.5)] + [-1e-3, 1e-3, 0.0, 1.959963984540054, -8.3]
out["normal"] = [{"z": z, "cdf": float(stats.norm.cdf(z)), "sf": float(stats.norm.sf(z)), "pdf": float(stats.norm.pdf(z))}
                 for z in zs]
out["normal_ppf"] = [{"p": p, "x": float(stats.norm.ppf(p))}
                     for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.025, 0.3, 0.5, 0.7, 0.975, 0.98, 0.999,
                               1 - 1e-10]]

beta = []
for a in [0.5, 1.0, 2.5, 10.0, 100.0, 1e4]:
    for b in [0.5, 1.0, 3.0, 50.0, 1e4]:
        for x in [1e-8, 1e-4, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6]:
            beta.append({"a": a, "b": b, "x": x, "value": float(special.betainc(a, b, x))})
out["betainc"] = beta
# I_x(a, b) at x = 1 − xc for an xc given exactly (x itself is not a double): betaincc(b, a, xc).
out["betainc_exact_xc"] = [{"a": a, "b": b, "xc": xc, "value": float(special.betaincc(b, a, xc))}
                           for a, b, xc in [(1e4, 0.5, 1e-5), (5e3, 0.5, 3e-4), (200.0, 2.0, 1e-3), (50.0, 0.5, 1e-9)]]
out["beta_ppf"] = [{"q": q, "a": a, "b": b, "value": float(stats.beta.ppf(q, a, b))}
                   for a, b in [(0.5, 0.5), (1, 1), (2, 8), (30, 3), (0.7, 40), (0.2, 40), (400, 600)]
                   for q in [1e-6, 0.025, 0.3, 0.5, 0.975, 1 - 1e-6]]

t = []
for df in [0.7, 1.0, 2.0, 3.5, 10.0, 100.0, 1e4]:
    for tt in [-50.0, -3.0, -0.1, 0.0, 0.2, 1.5, 4.0, 30.0, 1e3]:
        t.append({"t": tt, "df": df, "sf": float(stats.t.sf(tt, df)), "cdf": float(stats.t.cdf(tt, df)),
                  "pdf": float(stats.t.pdf(tt, df))})
out["t"] = t
out["t_ppf"] = [{"p": p, "df": df, "x": float(stats.t.ppf(p, df))}
                for df in [0.7, 1.0, 2.0, 3.5, 10.0, 100.0, 1e4] for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999]]

json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
