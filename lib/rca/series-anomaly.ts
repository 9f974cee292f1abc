// How far, and from when, one series moved away from its own pre-incident baseline.
import { median } from '../robust/quantile.ts';
import { defaultScaleFloors, finiteSlice, looksLikeCounts, robustScale, type ScaleFloors } from './robust-scale.ts';

export interface SeriesAnomaly {
  /** Median of the finite values before the start. */
  baseline: number;
  /** Robust scale of the baseline (1.4826·MAD with floors). */
  scale: number;
  /** Largest robust z-score |x − baseline| / scale at or after the start. */
  peakZ: number;
  /** Mean robust z-score at or after the start. */
  meanZ: number;
  /** Index of the first point whose z-score reaches the onset threshold, or -1. */
  onsetIndex: number;
  /**
   * Where the change began, estimated by a two-sided CUSUM on the z-scores after the start (the
   * point after the sum last left zero before it crossed `changeThreshold`), or -1 without one.
   * Unlike the onset it finds where a slow ramp began, not where it got large.
   */
  changeIndex: number;
  /** First index after the start where the z-score reached half its peak, or -1. */
  halfIndex: number;
  /** Number of finite points in the baseline and after the start. */
  before: number;
  after: number;
}

export interface AnomalyOptions {
  floors?: ScaleFloors;
  /** z-score at which a change counts as begun. */
  onsetZ?: number;
  /** Consecutive finite points that must reach `onsetZ` for an onset (fewer near the end). */
  onsetRun?: number;
  /** CUSUM allowance and decision threshold, in robust z units. */
  changeDrift?: number;
  changeThreshold?: number;
}

/**
 * Scores one series against its values before `startIndex`. Returns undefined when either side
 * has no finite value (nothing to compare).
 */
export function seriesAnomaly(values: ArrayLike<number>, startIndex: number, options: AnomalyOptions = {}): SeriesAnomaly | undefined {
  const { floors = defaultScaleFloors, onsetZ = 3, onsetRun = 2, changeDrift = 0.5, changeThreshold = 4 } = options;
  const before = finiteSlice(values, 0, startIndex);
  const after = finiteSlice(values, startIndex);
  if (before.length === 0 || after.length === 0) return undefined;
  let magnitude = 0;
  for (const v of before) magnitude = Math.max(magnitude, Math.abs(v));
  for (const v of after) magnitude = Math.max(magnitude, Math.abs(v));
  const center = median(before);
  const scale = robustScale(before, magnitude, floors, looksLikeCounts(values));
  let peakZ = 0;
  let sumZ = 0;
  let onsetIndex = -1;
  // One noisy point over the threshold is not an onset: it takes a run of them (or the run up to the end).
  let runStart = -1;
  let run = 0;
  for (let i = startIndex; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const z = Math.abs(v - center) / scale;
    peakZ = Math.max(peakZ, z);
    sumZ += z;
    if (z >= onsetZ) {
      if (run++ === 0) runStart = i;
      if (onsetIndex < 0 && run >= onsetRun) onsetIndex = runStart;
    } else run = 0;
  }
  if (onsetIndex < 0 && run > 0) onsetIndex = runStart;
  const changeIndex = cusumChange(values, startIndex, center, scale, changeDrift, changeThreshold);
  let halfIndex = -1;
  for (let i = startIndex; i < values.length && halfIndex < 0; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && Math.abs(v - center) / scale >= peakZ / 2) halfIndex = i;
  }
  return { baseline: center, scale, peakZ, meanZ: sumZ / after.length, onsetIndex, changeIndex, halfIndex, before: before.length, after: after.length };
}

function cusumChange(values: ArrayLike<number>, startIndex: number, center: number, scale: number, drift: number, threshold: number): number {
  let up = 0;
  let down = 0;
  let upFrom = startIndex;
  let downFrom = startIndex;
  for (let i = startIndex; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const z = (v - center) / scale;
    up = Math.max(0, up + z - drift);
    down = Math.max(0, down - z - drift);
    if (up === 0) upFrom = i + 1;
    if (down === 0) downFrom = i + 1;
    if (up > threshold) return upFrom;
    if (down > threshold) return downFrom;
  }
  return -1;
}
