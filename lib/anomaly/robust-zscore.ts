import { medianAndMad } from '../robust/mad.ts';
import { crosses, directionOf, flooredScale, type DirectionFilter, type ScaleFloor, type ScoredAnomaly } from './scored-anomaly.ts';

export interface RobustZOptions extends ScaleFloor {
  /** Past points forming each point's baseline. */
  window?: number;
  /** Points needed in the window before scoring starts. */
  minHistory?: number;
  /** |z| above which a point is reported (3.5 is Iglewicz & Hoaglin's usual cut). */
  threshold?: number;
  direction?: DirectionFilter;
}

export interface RobustBaseline {
  median: number;
  /** Normal-consistent MAD after flooring. */
  scale: number;
  n: number;
}

/** Median and floored MAD of a baseline sample. */
export function robustBaseline(values: ArrayLike<number>, floor: ScaleFloor = {}): RobustBaseline {
  const { median, mad, n } = medianAndMad(values);
  return { median, scale: flooredScale(mad, median, floor), n };
}

/** (x − median) / scale. */
export function robustZ(x: number, b: RobustBaseline): number {
  return (x - b.median) / b.scale;
}

/**
 * Scores each point against the median/MAD of the `window` points before it (the point itself is
 * never in its own baseline, so one spike cannot hide itself).
 */
export function detectRobustZ(values: ArrayLike<number>, opts: RobustZOptions = {}): ScoredAnomaly[] {
  const { window = 60, minHistory = 10, threshold = 3.5, direction = 'both' } = opts;
  if (!(window >= 1 && minHistory >= 1 && minHistory <= window)) {
    throw new RangeError(`robust z needs 1 ≤ minHistory ≤ window, got minHistory ${minHistory}, window ${window}`);
  }
  const out: ScoredAnomaly[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    const past = Array.prototype.slice.call(values, Math.max(0, i - window), i) as number[];
    const b = robustBaseline(past, opts);
    if (b.n < minHistory) continue;
    const z = robustZ(x, b);
    if (!crosses(z, threshold, direction)) continue;
    out.push({
      index: i,
      observed: x,
      expected: b.median,
      score: z,
      lower: b.median - threshold * b.scale,
      upper: b.median + threshold * b.scale,
      direction: directionOf(z),
      method: 'robust-z',
    });
  }
  return out;
}
