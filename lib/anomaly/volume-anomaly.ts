import { medianAndMad } from '../robust/mad.ts';
import { poissonCdf, poissonUpperTail } from './poisson-tail.ts';
import { crosses, directionOf, type DirectionFilter, type ScoredAnomaly } from './scored-anomaly.ts';

export interface VolumeOptions {
  /** Past buckets forming each bucket's baseline. */
  window?: number;
  minHistory?: number;
  /** |z| needed, where z divides by max(MAD, √rate): never tighter than Poisson noise. */
  threshold?: number;
  /** Also needed: the count is this unlikely under Poisson(expected) in the direction it moved. */
  alpha?: number;
  /** Rate assumed when the baseline median is lower, so a template that is usually absent
   * does not alert on its first couple of lines. */
  minRate?: number;
  direction?: DirectionFilter;
}

export interface VolumeAnomaly extends ScoredAnomaly {
  /** Poisson tail probability of a count at least this far from the expected rate. */
  pValue: number;
}

/**
 * Count anomalies per time bucket (lines of one log template per minute, say) against the
 * median/MAD of past buckets. Counts are noisy in proportion to √rate, so a bucket alerts only
 * if it is both far in robust units and improbable under a Poisson model at the expected rate.
 */
export function detectVolumeAnomalies(counts: ArrayLike<number>, opts: VolumeOptions = {}): VolumeAnomaly[] {
  const { window = 60, minHistory = 10, threshold = 4, alpha = 1e-4, minRate = 0.5, direction = 'both' } = opts;
  if (!(minRate > 0)) throw new RangeError(`volume minRate must be > 0, got ${minRate}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`volume alpha must be in (0, 1), got ${alpha}`);
  const out: VolumeAnomaly[] = [];
  for (let i = 0; i < counts.length; i++) {
    const x = counts[i];
    if (Number.isNaN(x)) continue;
    if (x < 0) throw new RangeError(`counts must be ≥ 0, got ${x} at index ${i}`);
    const past = Array.prototype.slice.call(counts, Math.max(0, i - window), i) as number[];
    const { median, mad, n } = medianAndMad(past);
    if (n < minHistory) continue;
    const rate = Math.max(median, minRate);
    const scale = Math.max(mad, Math.sqrt(rate));
    const z = (x - median) / scale;
    if (!crosses(z, threshold, direction)) continue;
    const pValue = x > median ? poissonUpperTail(x, rate) : poissonCdf(x, rate);
    if (pValue >= alpha) continue;
    out.push({
      index: i,
      observed: x,
      expected: median,
      score: z,
      lower: Math.max(0, median - threshold * scale),
      upper: median + threshold * scale,
      direction: directionOf(z),
      method: 'volume',
      pValue,
    });
  }
  return out;
}
