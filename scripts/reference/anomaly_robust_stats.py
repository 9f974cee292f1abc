#!/usr/bin/env python3
"""Reference values for lib/anomaly: numpy.nanmedian, numpy.nanquantile (linear),
scipy.stats.median_abs_deviation (raw and scale='normal', nan_policy='omit') and Poisson tails
(scipy.stats.poisson.cdf / sf). Writes test/fixtures/anomaly/robust_stats.json.

Run: python3 scripts/reference/anomaly_robust_stats.py
"""
import json
import pathlib

import numpy as np
from scipy import stats

OUT = pathlib.Path(__file__).resolve().parents[2] / "test/fixtures/anomaly/robust_stats.json"
QS = [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]


def case(name, xs):
    a = np.asarray(xs, dtype=float)
    return {
        "name": name,
        "values": [None if np.isnan(v) else float(v) for v in a],
        "median": float(np.nanmedian(a)),
        "quantiles": [float(np.nanquantile(a, q)) for q in QS],
        "mad": float(stats.median_abs_deviation(a, nan_policy="omit")),
        "madNormal": float(stats.median_abs_deviation(a, scale="normal", nan_policy="omit")),
    }


def main():
    rng = np.random.default_rng(7)
    with_nan = rng.normal(3, 2, 101)
    with_nan[[4, 50, 77]] = np.nan
    cases = [
        case("single", [4.2]),
        case("pair", [1.0, 2.0]),
        case("odd small", [5, 1, 4, 2, 3]),
        case("even small", [10, -3, 7.5, 0.25]),
        case("ties", [1, 1, 1, 2, 2, 3, 3, 3, 3, 9]),
        case("constant", [7.0] * 12),
        case("flat with spike", [5.0] * 20 + [50.0]),
        case("normal", rng.normal(100, 15, 1000)),
        case("heavy tail", rng.standard_cauchy(513)),
        case("counts", rng.poisson(3.5, 240)),
        case("with nan", with_nan),
        case("tiny scale", 1e-12 * rng.normal(size=64) + 1e6),
    ]
    poisson = []
    for k, rate in [(0, 0.5), (2, 0.5), (3, 0.5), (10, 0.5), (0, 2), (5, 2), (50, 100), (70, 100), (130, 100),
                    (150, 100), (900, 1000), (1120, 1000), (12, 3.7), (1, 1e-3), (25000, 24000)]:
        poisson.append({
            "k": k,
            "rate": rate,
            "cdf": float(stats.poisson.cdf(k, rate)),
            "upperTail": float(stats.poisson.sf(k - 1, rate)),
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "generator": "scripts/reference/anomaly_robust_stats.py",
        "numpy": np.__version__,
        "quantileLevels": QS,
        "cases": cases,
        "poisson": poisson,
    }, indent=1))


if __name__ == "__main__":
    main()
