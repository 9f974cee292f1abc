import { medianAndMad } from '../robust/mad.ts';
import { flooredScale, type ScaleFloor, type ScoredAnomaly } from './scored-anomaly.ts';

export interface RateSpikeOptions extends ScaleFloor {
  /** Past calm buckets forming the baseline. */
  window?: number;
  minHistory?: number;
  /** Robust z the rate must exceed. */
  threshold?: number;
  /** …and the rate must be at least this multiple of the baseline (a flood, not a busy minute). */
  minRatio?: number;
  /** Rates below this never count as a spike, whatever the baseline. */
  minRate?: number;
}

export interface RateSpike extends ScoredAnomaly {
  /** observed / expected. */
  ratio: number;
  /** Index of the first bucket of the spike this bucket belongs to. */
  episodeStart: number;
}

/**
 * Upward spikes in a request rate (the denial-of-service case). Buckets found spiking are kept
 * out of the baseline, so a flood lasting longer than the window is still a flood and does not
 * become the new normal.
 */
export function detectRateSpikes(rates: ArrayLike<number>, opts: RateSpikeOptions = {}): RateSpike[] {
  const { window = 60, minHistory = 10, threshold = 5, minRatio = 3, minRate = 0 } = opts;
  if (!(minRatio >= 1)) throw new RangeError(`rate spike minRatio must be ≥ 1, got ${minRatio}`);
  const calm: number[] = [];
  const out: RateSpike[] = [];
  let episodeStart = -1;
  for (let i = 0; i < rates.length; i++) {
    const x = rates[i];
    if (Number.isNaN(x)) continue;
    let spiking = false;
    if (calm.length >= minHistory) {
      const { median, mad } = medianAndMad(calm);
      const scale = flooredScale(mad, median, opts);
      const z = (x - median) / scale;
      const ratio = median > 0 ? x / median : Infinity;
      spiking = z > threshold && ratio >= minRatio && x >= minRate;
      if (spiking) {
        if (episodeStart < 0) episodeStart = i;
        out.push({
          index: i,
          observed: x,
          expected: median,
          score: z,
          lower: -Infinity,
          upper: Math.max(median + threshold * scale, median * minRatio, minRate),
          direction: 'up',
          method: 'rate-spike',
          ratio,
          episodeStart,
        });
      }
    }
    if (!spiking) {
      episodeStart = -1;
      calm.push(x);
      if (calm.length > window) calm.shift();
    }
  }
  return out;
}
