#!/usr/bin/env python3
"""Reference values for PCA reconstruction drift (NannyML's data reconstruction drift pipeline:
mean imputation -> standardisation -> PCA keeping a variance share -> mean Euclidean
reconstruction error per chunk -> mean +- 3 std thresholds over reference chunks), computed with
numpy.linalg.svd. Writes test/fixtures/detectors/pca_reconstruction.json.

Run: python3 scripts/reference/anomaly_pca_reconstruction.py
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "test/fixtures/detectors/pca_reconstruction.json"


def fit_and_score(ref, cur, share, chunk):
    means = np.nanmean(ref, axis=0)
    imputed = np.where(np.isnan(ref), means, ref)
    scales = imputed.std(axis=0)  # ddof=0, as sklearn's StandardScaler
    scales[scales == 0] = 1.0
    x = (imputed - means) / scales
    # sklearn's PCA centres again; after standardisation the column means are zero up to rounding.
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    ratio = s**2 / np.sum(s**2)
    kept = int(np.searchsorted(np.cumsum(ratio), share, side="right") + 1)
    kept = min(kept, len(ratio))
    comps = vt[:kept]

    def row_errors(data):
        z = (np.where(np.isnan(data), means, data) - means) / scales
        recon = (z @ comps.T) @ comps
        return np.linalg.norm(z - recon, axis=1)

    def chunk_means(errors):
        n_full = len(errors) // chunk
        return [float(errors[i * chunk:(i + 1) * chunk].mean()) for i in range(n_full)]

    ref_chunks = chunk_means(row_errors(ref))
    m, sd = float(np.mean(ref_chunks)), float(np.std(ref_chunks))
    return {
        "share": share,
        "chunkSize": chunk,
        "explainedVarianceRatio": ratio.tolist(),
        "components": kept,
        "referenceChunkErrors": ref_chunks,
        "threshold": {"mean": m, "std": sd, "lower": max(0.0, m - 3 * sd), "upper": m + 3 * sd},
        "currentChunkErrors": chunk_means(row_errors(cur)),
    }


def main():
    rng = np.random.default_rng(20240611)
    n, p = 1200, 5
    cov = np.array([
        [1.0, 0.8, 0.3, 0.0, 0.1],
        [0.8, 1.0, 0.2, 0.1, 0.0],
        [0.3, 0.2, 1.0, 0.5, 0.0],
        [0.0, 0.1, 0.5, 1.0, 0.2],
        [0.1, 0.0, 0.0, 0.2, 1.0],
    ])
    scale = np.array([1.0, 10.0, 0.1, 3.0, 100.0])
    ref = rng.multivariate_normal(np.zeros(p), cov, size=n) * scale + np.array([0, 50, -2, 7, 1000])
    cur = rng.multivariate_normal(np.zeros(p), np.eye(p), size=600) * scale + np.array([0, 50, -2, 7, 1000])
    ref[rng.random(ref.shape) < 0.02] = np.nan
    cur[rng.random(cur.shape) < 0.02] = np.nan
    cases = []
    for share in (0.65, 0.9, 0.3):
        case = fit_and_score(ref, cur, share, 200)
        cases.append(case)
    to_list = lambda a: [[None if np.isnan(v) else float(v) for v in row] for row in a]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "generator": "scripts/reference/anomaly_pca_reconstruction.py",
        "numpy": np.__version__,
        "features": [f"f{j}" for j in range(p)],
        "reference": to_list(ref),
        "current": to_list(cur),
        "cases": cases,
    }))


if __name__ == "__main__":
    main()
