// Robust location and scale for short, messy metric windows: NaN-tolerant, and never zero, so a
// series that was flat before an incident can still be scored when it moves.
import { medianAbsDeviation } from '../robust/mad.ts';
import { median } from '../robust/quantile.ts';

/** Finite values of `xs` in index range [from, to). */
export function finiteSlice(xs: ArrayLike<number>, from = 0, to = xs.length): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, xs.length); i++) {
    const v = xs[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

export interface ScaleFloors {
  /** Scale never falls below this share of |baseline median| (a 1% move of a steady gauge is noise). */
  relative: number;
  /** Scale never falls below this share of the series' largest magnitude anywhere in the window. */
  ofMagnitude: number;
  /** Last resort for series that are zero everywhere before they move. */
  absolute: number;
}

export const defaultScaleFloors: ScaleFloors = { relative: 0.01, ofMagnitude: 1e-4, absolute: 1e-9 };

/**
 * A robust scale for `baseline`: 1.4826·MAD (consistent with the standard deviation for normal
 * data), raised to the floors. `magnitude` is the largest |value| seen in the whole series, so a
 * flat-at-zero series that jumps gets a large but finite score.
 */
export function robustScale(
  baseline: readonly number[],
  magnitude: number,
  floors: ScaleFloors = defaultScaleFloors,
  isCount = false,
): number {
  const center = median(baseline);
  const spread = baseline.length >= 2 ? 1.4826 * medianAbsDeviation(baseline, 1, center) : 0;
  // Counts of events are at least Poisson-noisy: a standard deviation of sqrt(mean), and 1 near zero.
  // A long baseline that never varied is no Poisson count (a 100% availability gauge): no such floor.
  const steady = baseline.length >= 30 && spread === 0 && baseline.every((v) => v === center);
  const countFloor = isCount && !steady ? Math.sqrt(Math.max(center, 1)) : 0;
  // The relative floor stands in for noise a short window cannot show; a long window that never
  // varied has shown it, so the floor shrinks with its length.
  const relative = floors.relative * Math.abs(center) / (steady ? Math.sqrt(baseline.length) : 1);
  return Math.max(spread, countFloor, relative, floors.ofMagnitude * magnitude, floors.absolute);
}

/** True when every finite value is a non-negative integer (and there is at least one). */
export function looksLikeCounts(values: ArrayLike<number>): boolean {
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < 0 || !Number.isInteger(v)) return false;
    any = true;
  }
  return any;
}
