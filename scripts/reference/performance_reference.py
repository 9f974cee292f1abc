#!/usr/bin/env python3
"""Reference vectors for lib/performance, written from sklearn's documented formulas with
NumPy/SciPy (sklearn itself is not installed). ROC-AUC is cross-checked against the
Mann-Whitney U statistic: AUC = U / (n1 * n0).

Writes test/fixtures/performance/reference.json. Run from the repository root:
    python3 scripts/reference/performance_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import optimize, stats

rng = np.random.default_rng(31337)
OUT = os.path.join("test", "fixtures", "performance", "reference.json")
EPS = np.finfo(np.float64).eps


def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, np.integer):
        return int(x)
    return x


def prf(y, p, label):
    tp = np.sum((y == label) & (p == label))
    fp = np.sum((y != label) & (p == label))
    fn = np.sum((y == label) & (p != label))
    div = lambda a, b: a / b if b > 0 else 0.0
    return div(tp, tp + fp), div(tp, tp + fn), div(2 * tp, 2 * tp + fp + fn)


def roc_auc_trapezoid(y, s):
    # sklearn roc_curve: thresholds at distinct scores, descending; then auc = trapezoid.
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    distinct = np.where(np.diff(s))[0]
    ends = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y)[ends]
    fps = (1 + ends) - tps
    tpr = np.r_[0, tps] / tps[-1]
    fpr = np.r_[0, fps] / fps[-1]
    return np.trapezoid(tpr, fpr)


def weighted_auc(s, wp, wn):
    order = np.argsort(-s, kind="mergesort")
    s, wp, wn = s[order], wp[order], wn[order]
    ends = np.r_[np.where(np.diff(s))[0], s.size - 1]
    tp = np.r_[0, np.cumsum(wp)[ends]]
    fp = np.r_[0, np.cumsum(wn)[ends]]
    return np.trapezoid(tp / tp[-1], fp / fp[-1])


def log_loss(y, p):
    probs = np.where(y == 1, p, 1 - p)
    return -np.mean(np.log(np.clip(probs, EPS, 1 - EPS)))


def ece(y, p, bins=10):
    edges = np.arange(bins + 1) / bins
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    total, table = 0.0, []
    for b in range(bins):
        m = idx == b
        n = int(m.sum())
        mp = p[m].mean() if n else None
        fp = y[m].mean() if n else None
        if n:
            total += n / y.size * abs(fp - mp)
        table.append({"count": n, "mean_predicted": mp, "fraction_positive": fp})
    return total, table


def classification(y, pred, s):
    p, r, f = prf(y, pred, 1)
    out = {"accuracy": np.mean(y == pred), "precision": p, "recall": r, "f1": f}
    if s is not None:
        n1, n0 = int(y.sum()), int((1 - y).sum())
        u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
        e, table = ece(y, s)
        out.update({"roc_auc": roc_auc_trapezoid(y, s), "roc_auc_mwu": u / (n1 * n0),
                    "log_loss": log_loss(y, s), "ece": e, "reliability": table})
    return out


def regression(y, p):
    e = np.abs(y - p)
    ss_res, ss_tot = np.sum(e ** 2), np.sum((y - y.mean()) ** 2)
    r2 = 1 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)
    return {"mae": e.mean(), "rmse": math.sqrt(np.mean(e ** 2)), "mape": np.mean(e / np.maximum(np.abs(y), EPS)), "r2": r2}


def binary_case(n, ties):
    s = rng.beta(2, 3, n)
    if ties:
        s = np.round(s, 2)
    s[:3] = [0.0, 1.0, 0.5]
    y = (rng.random(n) < s).astype(int)
    pred = (s >= 0.5).astype(int)
    return {"y_true": y, "y_pred": pred, "scores": s, "expected": classification(y, pred, s)}


def multiclass_case():
    y = rng.integers(0, 4, 300)
    pred = np.where(rng.random(300) < 0.6, y, rng.integers(0, 5, 300))  # label 4 only predicted
    macro = [prf(y, pred, label) for label in np.union1d(y, pred)]
    return {"y_true": y, "y_pred": pred, "expected": {
        "accuracy": np.mean(y == pred), "precision": np.mean([m[0] for m in macro]),
        "recall": np.mean([m[1] for m in macro]), "f1": np.mean([m[2] for m in macro])}}


def regression_case(n, with_zero):
    y = rng.normal(50, 20, n)
    if with_zero:
        y[:2] = 0.0
    p = y + rng.normal(0, 5, n)
    return {"y_true": y, "y_pred": p, "expected": regression(y, p)}


def isotonic_case():
    raw = np.round(rng.random(400), 2)
    y = (rng.random(400) < raw ** 2).astype(int)
    ux, inv = np.unique(raw, return_inverse=True)
    w = np.bincount(inv)
    m = np.bincount(inv, weights=y) / w
    fitted = optimize.isotonic_regression(m, weights=w, increasing=True).x
    query = np.r_[-0.5, rng.random(50), ux[:5], 2.0]
    return {"scores": raw, "y_true": y, "x": ux, "y": fitted, "query": query, "calibrated": np.interp(query, ux, fitted)}


def cbpe_case():
    p = np.round(rng.beta(1.5, 1.5, 600), 3)
    pred = p >= 0.5
    tp, fp = p[pred].sum(), (1 - p[pred]).sum()
    fn, tn = p[~pred].sum(), (1 - p[~pred]).sum()
    return {"probabilities": p, "expected": {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "accuracy": (tp + tn) / p.size, "precision": tp / (tp + fp),
        "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn), "roc_auc": weighted_auc(p, p, 1 - p)}}


def segment_case():
    n = 600
    seg = rng.choice(["eu", "us", "apac"], n, p=[0.45, 0.45, 0.1])
    s = rng.beta(2, 2, n)
    y = (rng.random(n) < s).astype(int)
    pred = (s >= 0.5).astype(int)
    bad = seg == "apac"  # a segment where the model is no better than a coin
    pred[bad] = rng.integers(0, 2, bad.sum())
    per = {g: classification(y[seg == g], pred[seg == g], s[seg == g]) | {"count": int((seg == g).sum())} for g in np.unique(seg)}
    return {"segments": seg, "y_true": y, "y_pred": pred, "scores": s, "overall": classification(y, pred, s), "per_segment": per}


def main():
    ref = {
        "binary": [binary_case(500, False), binary_case(800, True), binary_case(40, True)],
        "multiclass": [multiclass_case()],
        "regression": [regression_case(300, False), regression_case(50, True)],
        "isotonic": [isotonic_case()],
        "cbpe": [cbpe_case()],
        "segments": segment_case(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(clean(ref), f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
