#!/usr/bin/env python3
"""Reference vectors for lib/abtest, from SciPy/NumPy.

Writes test/fixtures/abtest/reference.json. Run from the repository root:
    python3 scripts/reference/abtest_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import integrate, special, stats

rng = np.random.default_rng(20240607)
OUT = os.path.join("test", "fixtures", "abtest", "reference.json")


def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, np.integer):
        return int(x)
    return x


def distributions():
    z = [-12.0, -8.0, -3.0, -1.5, 0.0, 0.3, 1.96, 5.0, 9.0]
    p = [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]
    t = [(2.1, 3.0), (0.5, 1.0), (-1.2, 10.5), (3.0, 1000.0), (40.0, 4.0), (0.01, 2.5), (-6.0, 30.0), (1.0, 1e6)]
    tq = [(0.975, 3.0), (0.975, 1.0), (0.995, 10.5), (0.975, 1e4), (0.6, 2.2), (0.025, 7.3), (0.9999, 2.0)]
    return {
        "normal_cdf": [{"z": v, "cdf": stats.norm.cdf(v), "sf": stats.norm.sf(v)} for v in z],
        "normal_ppf": [{"p": v, "x": stats.norm.ppf(v)} for v in p],
        "t_sf": [{"t": a, "df": d, "sf": stats.t.sf(a, d), "cdf": stats.t.cdf(a, d)} for a, d in t],
        "t_ppf": [{"p": a, "df": d, "x": stats.t.ppf(a, d)} for a, d in tq],
    }


def two_proportion(c, t, conf=0.95):
    (x1, n1), (x2, n2) = c, t
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p2 - p1) / se if se > 0 else 0.0
    wald = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    zc = stats.norm.ppf(1 - (1 - conf) / 2)
    return {
        "control": {"successes": x1, "trials": n1}, "treatment": {"successes": x2, "trials": n2},
        "confidence": conf, "z": z, "p_value": min(1.0, 2 * stats.norm.sf(abs(z))),
        "difference": p2 - p1, "ci": [p2 - p1 - zc * wald, p2 - p1 + zc * wald],
        "relative_lift": (p2 - p1) / p1 if p1 > 0 else None,
        "cohens_h": 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1)),
    }


def welch(a, b, conf=0.95):
    res = stats.ttest_ind(b, a, equal_var=False)
    ci = res.confidence_interval(confidence_level=conf)
    return {"control": a.tolist(), "treatment": b.tolist(), "confidence": conf,
            "statistic": res.statistic, "df": res.df, "p_value": res.pvalue, "ci": [ci.low, ci.high],
            "difference": b.mean() - a.mean()}


def effect(a, b, conf=0.95):
    n1, n2 = len(a), len(b)
    nu = n1 + n2 - 2
    sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / nu)
    d = (b.mean() - a.mean()) / sp
    se = math.sqrt((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2)))
    zc = stats.norm.ppf(1 - (1 - conf) / 2)
    j = math.exp(special.gammaln(nu / 2) - special.gammaln((nu - 1) / 2)) / math.sqrt(nu / 2)
    return {"control": a.tolist(), "treatment": b.tolist(), "confidence": conf,
            "cohens_d": d, "cohens_d_ci": [d - zc * se, d + zc * se],
            "hedges_g": j * d, "hedges_g_ci": [j * (d - zc * se), j * (d + zc * se)]}


def power(e, n1, n2, alpha=0.05, target=0.8):
    za = stats.norm.ppf(1 - alpha / 2)
    shift = abs(e) * math.sqrt(n1 * n2 / (n1 + n2))
    return {"effect": e, "n1": n1, "n2": n2, "alpha": alpha, "target_power": target,
            "achieved_power": stats.norm.cdf(shift - za) + stats.norm.cdf(-shift - za),
            "required_per_arm": math.ceil(2 * ((za + stats.norm.ppf(target)) / e) ** 2) if e != 0 else None}


def mwu(x, y):
    res = stats.mannwhitneyu(x, y)
    return {"x": list(map(float, x)), "y": list(map(float, y)), "statistic": res.statistic, "p_value": res.pvalue}


def bandit_beta(arms):
    # P(arm B beats arm A) for two Beta posteriors, by quadrature.
    (sa, na), (sb, nb) = arms
    a = stats.beta(1 + sa, 1 + na - sa)
    b = stats.beta(1 + sb, 1 + nb - sb)
    p, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), 0, 1, epsabs=1e-12, limit=200)
    return {"arms": [{"arm": "A", "successes": sa, "trials": na}, {"arm": "B", "successes": sb, "trials": nb}],
            "p_b_best": p}


def bandit_normal(arms):
    (ma, va, na), (mb, vb, nb) = arms
    a = stats.t(na - 1, loc=ma, scale=math.sqrt(va / na))
    b = stats.t(nb - 1, loc=mb, scale=math.sqrt(vb / nb))
    p, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), -np.inf, np.inf, epsabs=1e-12, limit=200)
    return {"arms": [{"arm": "A", "n": na, "mean": ma, "variance": va}, {"arm": "B", "n": nb, "mean": mb, "variance": vb}],
            "p_b_best": p}


def main():
    samples = [
        (rng.normal(10, 2, 5), rng.normal(11, 5, 7)),
        (rng.normal(0, 1, 2), rng.normal(0.5, 1, 3)),
        (rng.normal(100, 15, 40), rng.normal(104, 25, 55)),
        (rng.exponential(3, 1000), rng.exponential(3.2, 1200)),
        (rng.integers(0, 10, 30).astype(float), rng.integers(1, 12, 25).astype(float)),
        (np.array([1.0, 1.0, 1.0, 2.0]), np.array([5.0, 5.0, 5.0, 5.0, 5.0])),
    ]
    mwu_cases = [
        mwu(rng.normal(0, 1, 5), rng.normal(1, 1, 6)),
        mwu(rng.normal(0, 1, 8), rng.normal(0, 1, 8)),
        mwu(rng.normal(0, 1, 3), rng.normal(0.3, 1, 60)),
        mwu([1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]),
        mwu([1.0, 2.0, 3.0, 4.0], [1.5, 2.5, 3.5, 4.5]),
        mwu(rng.normal(0, 1, 9), rng.normal(0.8, 1, 12)),
        mwu(rng.integers(0, 5, 7), rng.integers(1, 6, 6)),
        mwu(rng.integers(0, 20, 300), rng.integers(2, 22, 250)),
        mwu(rng.normal(0, 1, 2000), rng.normal(0.05, 1, 2500)),
        mwu([3.0, 3.0, 3.0], [3.0, 3.0]),
    ]
    ref = {
        "distributions": distributions(),
        "two_proportion": [
            two_proportion((120, 1000), (150, 1000)),
            two_proportion((5, 40), (9, 38), 0.9),
            two_proportion((0, 50), (3, 60)),
            two_proportion((0, 10), (0, 12)),
            two_proportion((4821, 50000), (4990, 50100), 0.99),
        ],
        "welch": [welch(a, b) for a, b in samples] + [welch(samples[2][0], samples[2][1], 0.9)],
        "effect_size": [effect(a, b) for a, b in samples[:5]] + [effect(samples[0][0], samples[0][1], 0.8)],
        "power": [power(0.2, 100, 100), power(-0.5, 30, 45), power(0.06, 1000, 1000, 0.01, 0.9), power(0.0, 10, 10), power(1.3, 4, 5)],
        "mann_whitney": mwu_cases,
        "bandit_beta": [bandit_beta(((12, 100), (18, 100))), bandit_beta(((3, 10), (2, 10))), bandit_beta(((480, 5000), (520, 5000)))],
        "bandit_normal": [bandit_normal(((10.0, 4.0, 20), (10.5, 9.0, 15))), bandit_normal(((1.0, 1.0, 3), (0.8, 0.5, 4)))],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(clean(ref), f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
