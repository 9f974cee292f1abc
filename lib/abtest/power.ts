import { normalCdf, normalQuantile } from '../special/normal.ts';

export interface PowerNote {
  /** Standardized effect used: Cohen's d (continuous) or Cohen's h (proportions). */
  effect: number;
  alpha: number;
  targetPower: number;
  /** Per-arm size for targetPower at this effect, two-sided; null when the effect is 0. */
  requiredPerArm: number | null;
  /** Power of a two-sided test of this effect at the sizes actually observed. */
  achievedPower: number;
}

/**
 * Power of a two-sided two-sample z-test for a standardized effect (statsmodels' NormalIndPower):
 * with m = n1·n2/(n1+n2), power = Φ(|e|·√m − z) + Φ(−|e|·√m − z), z = Φ⁻¹(1 − α/2).
 * The required equal per-arm size drops the far tail: n = 2·((z + Φ⁻¹(power)) / e)², rounded up.
 */
export function powerNote(effect: number, n1: number, n2: number, alpha = 0.05, targetPower = 0.8): PowerNote {
  if (!Number.isFinite(effect)) throw new RangeError(`effect must be finite, got ${effect}`);
  if (!(n1 > 0 && n2 > 0)) throw new RangeError(`arm sizes must be positive, got ${n1} and ${n2}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(targetPower > 0 && targetPower < 1)) throw new RangeError(`targetPower must be in (0, 1), got ${targetPower}`);
  const zAlpha = normalQuantile(1 - alpha / 2);
  const shift = Math.abs(effect) * Math.sqrt((n1 * n2) / (n1 + n2));
  const achievedPower = normalCdf(shift - zAlpha) + normalCdf(-shift - zAlpha);
  const requiredPerArm = effect === 0 ? null : Math.ceil(2 * ((zAlpha + normalQuantile(targetPower)) / effect) ** 2);
  return { effect, alpha, targetPower, requiredPerArm, achievedPower };
}
