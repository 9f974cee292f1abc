// One-sided Fisher exact test on a 2×2 table, as scipy.stats.fisher_exact(table, alternative='greater').
import { logGamma } from '../special/log-gamma.ts';

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X ≥ a) for the table [[a, b], [c, d]] with its margins fixed (hypergeometric upper tail): small
 * when a is larger than independence would give, i.e. when the two events attract each other.
 */
export function fisherExactGreater(a: number, b: number, c: number, d: number): number {
  for (const v of [a, b, c, d]) if (!(Number.isInteger(v) && v >= 0)) throw new Error(`fisher exact: cells must be non-negative integers, got ${[a, b, c, d].join(', ')}`);
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const hi = Math.min(row1, col1);
  const lo = Math.max(0, row1 + col1 - n);
  const denom = logChoose(n, col1);
  const logP = (k: number) => logChoose(row1, k) + logChoose(n - row1, col1 - k) - denom;
  // SciPy treats tables within a relative 1e-7 of the observed probability as equally extreme;
  // for one-sided tails that only matters at the boundary, so a plain tail sum matches it.
  let p = 0;
  for (let k = Math.max(a, lo); k <= hi; k++) p += Math.exp(logP(k));
  return Math.min(1, p);
}
