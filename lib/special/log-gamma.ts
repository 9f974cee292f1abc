// ln|Γ(x)| and ln B(a, b): scipy.special.gammaln and scipy.special.betaln.
// Lanczos (g = 7, 9 terms) gives about 1e-15 relative accuracy for Γ, which keeps the prefactors of
// the incomplete gamma and beta functions accurate well past the 1e-9 target.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
// Correctly rounded; 0.5 * Math.log(2 * Math.PI) is one ulp off.
const HALF_LOG_TWO_PI = 0.91893853320467274178;

/** ln|Γ(x)|; below 1/2 through the reflection formula, so negative non-integers work as in gammaln. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
