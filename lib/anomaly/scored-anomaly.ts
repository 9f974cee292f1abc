// What every detector in this folder returns: enough to explain a finding on its own
// ("observed 412, expected about 120, 9.1 robust standard deviations above").

export type Direction = 'up' | 'down';
/** Which deviations a detector reports. */
export type DirectionFilter = Direction | 'both';

export interface ScoredAnomaly {
  /** Position in the input series. */
  index: number;
  observed: number;
  /** The baseline's estimate for this point. */
  expected: number;
  /** Signed deviation from `expected` in units of the baseline's (floored) scale. */
  score: number;
  /** The band inside which a point would not have been reported. */
  lower: number;
  upper: number;
  direction: Direction;
  /** The detector that produced it, e.g. 'robust-z', 'ewma', 'seasonal'. */
  method: string;
}

export function directionOf(score: number): Direction {
  return score >= 0 ? 'up' : 'down';
}

/** Whether |score| crosses the threshold on a side the caller watches. */
export function crosses(score: number, threshold: number, watch: DirectionFilter): boolean {
  if (watch === 'up') return score > threshold;
  if (watch === 'down') return score < -threshold;
  return Math.abs(score) > threshold;
}

export interface ScaleFloor {
  /** Scale never below this share of |median|, so a flat series does not turn noise into alarms. */
  relativeFloor?: number;
  /** Scale never below this absolute amount (the series' units). */
  absoluteFloor?: number;
}

/**
 * The robust scale used to divide deviations: the normal-consistent MAD, floored. A flat series
 * has MAD 0; without a floor any wobble would score infinity, and with a floor too large a real
 * step off the flat line would be missed, so the floor is a small share of the level.
 */
export function flooredScale(mad: number, center: number, { relativeFloor = 0.01, absoluteFloor = 1e-9 }: ScaleFloor = {}): number {
  return Math.max(Number.isNaN(mad) ? 0 : mad, relativeFloor * Math.abs(center), absoluteFloor);
}
