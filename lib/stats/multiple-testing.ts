// Corrections for testing many columns at once: each returns adjusted p-values in input order,
// comparable with the unadjusted threshold.

/** Bonferroni: p·m, capped at 1. */
export function bonferroni(pValues: number[]): number[] {
  const m = pValues.length;
  return pValues.map((p) => Math.min(1, p * m));
}

/** Benjamini–Hochberg step-up (false discovery rate), as statsmodels' fdr_bh adjusted p-values. */
export function benjaminiHochberg(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [p, i] = order[r]!;
    running = Math.min(running, (p * m) / (r + 1));
    out[i] = running;
  }
  return out;
}
