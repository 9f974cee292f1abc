#!/usr/bin/env python3
"""Reference vectors for lib/fairness with NumPy (fairlearn's definitions: demographic parity
difference = max - min selection rate across groups; equal-opportunity difference = max - min
true-positive rate), with groups smaller than min_group_size left out.

Writes test/fixtures/fairness/reference.json. Run from the repository root:
    python3 scripts/reference/performance_fairness_reference.py
"""
import json
import os

import numpy as np

rng = np.random.default_rng(8)
OUT = os.path.join("test", "fixtures", "fairness", "reference.json")


def rates(groups, include, hit, min_size):
    out = []
    for g in sorted(set(groups)):
        m = (groups == g) & include
        n = int(m.sum())
        out.append({"group": g, "count": n, "rate": float(hit[m].mean()) if n else None, "too_small": n < min_size or n == 0})
    ok = [r["rate"] for r in out if not r["too_small"]]
    return {"difference": max(ok) - min(ok) if len(ok) >= 2 else None, "groups": out}


def case(n, probs, min_size):
    names = ["female", "male", "nonbinary"]
    groups = rng.choice(names, n, p=probs)
    base = {"female": 0.35, "male": 0.5, "nonbinary": 0.4}
    y = (rng.random(n) < 0.4).astype(int)
    score = rng.random(n) + 0.25 * y - 0.1 * (groups == "female")
    pred = (score > 1 - np.vectorize(base.get)(groups)).astype(int)
    return {"sensitive": groups.tolist(), "y_true": y.tolist(), "y_pred": pred.tolist(), "min_group_size": min_size,
            "demographic_parity": rates(groups, np.ones(n, bool), pred == 1, min_size),
            "equal_opportunity": rates(groups, y == 1, pred == 1, min_size)}


def main():
    ref = [case(2000, [0.48, 0.48, 0.04], 30), case(300, [0.5, 0.4, 0.1], 30), case(500, [0.45, 0.45, 0.1], 5)]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(ref, f)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
