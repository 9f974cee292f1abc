// Modified Bessel function of the second kind, needed by the Cramér–von Mises limiting law.

/**
 * K_ν(z) for z > 0 from K_ν(z) = ∫₀^∞ exp(−z·cosh t)·cosh(ν t) dt. The integrand is smooth and
 * decays double-exponentially, so the trapezoid rule converges to machine precision quickly.
 */
export function besselK(nu: number, z: number): number {
  if (!(z > 0)) return z === 0 ? Infinity : NaN;
  const h = 0.02;
  let sum = 0.5 * Math.exp(-z);
  for (let k = 1; k < 100000; k++) {
    const t = k * h;
    const term = Math.exp(-z * Math.cosh(t)) * Math.cosh(nu * t);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return sum * h;
}
