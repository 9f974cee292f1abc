import { medianAndMad } from '../robust/mad.ts';
import { crosses, directionOf, flooredScale, type DirectionFilter, type ScaleFloor, type ScoredAnomaly } from './scored-anomaly.ts';

export interface LevelShiftOptions extends ScaleFloor {
  /** Points on each side of a candidate change point. */
  window?: number;
  /** Median difference in standard errors needed. */
  threshold?: number;
  /** …and at least this share of the level before (0.1: a 10% move), so that a large window does
   * not report shifts too small to matter. */
  minRelativeShift?: number;
  direction?: DirectionFilter;
}

export interface LevelShift extends ScoredAnomaly {
  /** Median of the `window` points before the change and of those from it on. */
  before: number;
  after: number;
}

/** Asymptotic standard error of a sample median is √(π/2)·σ/√n; two medians add variances. */
const MEDIAN_SE_FACTOR = Math.sqrt(Math.PI / 2);

/**
 * Level shifts (latency moving to a new plateau) by a two-window median test: at each index, the
 * median of the next `window` points against the median of the previous `window`, in standard
 * errors from the pooled MAD. A run of indices past the threshold is one shift, reported once.
 * The medians barely move while the windows slide over a step, so the change point within the
 * run is placed where the two windows' means differ most: that difference peaks at the step.
 */
export function detectLevelShifts(values: ArrayLike<number>, opts: LevelShiftOptions = {}): LevelShift[] {
  const { window = 30, threshold = 5, minRelativeShift = 0.1, direction = 'both' } = opts;
  if (!(Number.isInteger(window) && window >= 3)) throw new RangeError(`level shift window must be an integer ≥ 3, got ${window}`);
  const slice = (s: number, e: number) => Array.prototype.slice.call(values, s, e) as number[];
  const out: LevelShift[] = [];
  let best: LevelShift | null = null;
  let bestGap = 0;
  for (let t = window; t + window <= values.length; t++) {
    const b = medianAndMad(slice(t - window, t));
    const a = medianAndMad(slice(t, t + window));
    let candidate: LevelShift | null = null;
    if (b.n >= 3 && a.n >= 3) {
      const sigma = flooredScale(Math.sqrt((b.mad * b.mad + a.mad * a.mad) / 2), b.median, opts);
      const se = MEDIAN_SE_FACTOR * sigma * Math.sqrt(1 / b.n + 1 / a.n);
      const z = (a.median - b.median) / se;
      const relative = Math.abs(a.median - b.median) / Math.max(Math.abs(b.median), Number.MIN_VALUE);
      if (crosses(z, threshold, direction) && relative >= minRelativeShift) {
        candidate = {
          index: t,
          observed: a.median,
          expected: b.median,
          score: z,
          lower: b.median - threshold * se,
          upper: b.median + threshold * se,
          direction: directionOf(z),
          method: 'level-shift',
          before: b.median,
          after: a.median,
        };
      }
    }
    const gap = candidate ? Math.abs(meanOf(values, t, t + window) - meanOf(values, t - window, t)) : 0;
    if (candidate && best && candidate.direction === best.direction) {
      if (gap > bestGap) (best = candidate), (bestGap = gap);
    } else {
      if (best) out.push(best);
      best = candidate;
      bestGap = gap;
    }
  }
  if (best) out.push(best);
  return out;
}

function meanOf(values: ArrayLike<number>, start: number, end: number): number {
  let sum = 0;
  let n = 0;
  for (let i = start; i < end; i++) if (!Number.isNaN(values[i])) (sum += values[i]), n++;
  return sum / n;
}
