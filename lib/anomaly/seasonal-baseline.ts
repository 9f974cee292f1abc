import { medianAndMad } from '../robust/mad.ts';
import { crosses, directionOf, flooredScale, type DirectionFilter, type ScaleFloor, type ScoredAnomaly } from './scored-anomaly.ts';

export interface SeasonalOptions extends ScaleFloor {
  /** Length of a season in ms (default one day). */
  periodMs?: number;
  /** Width of a bucket within the season in ms (default one hour: hour-of-day baselines). */
  bucketMs?: number;
  /** Shift applied before bucketing, e.g. a time zone's offset so buckets follow local hours. */
  offsetMs?: number;
  /** Past seasons whose same bucket forms the baseline. */
  seasons?: number;
  /** Baseline points needed before a point is scored. */
  minHistory?: number;
  threshold?: number;
  direction?: DirectionFilter;
}

/** Which bucket of its season a timestamp falls in (0 … period/bucket − 1). */
export function seasonalBucket(ts: number, periodMs = 86_400_000, bucketMs = 3_600_000, offsetMs = 0): number {
  const inSeason = (((ts + offsetMs) % periodMs) + periodMs) % periodMs;
  return Math.floor(inSeason / bucketMs);
}

/**
 * Scores each point against the median of points in the same bucket of the previous `seasons`
 * seasons (same hour of the day, by default). Earlier points of the current season's bucket are
 * left out, so an anomaly lasting a whole bucket is not absorbed by its own baseline.
 *
 * A bucket holds only a handful of past values, and the MAD of five numbers is often far too
 * small, so the scale is the larger of the bucket's MAD and the median of all buckets' MADs.
 */
export function detectSeasonal(ts: ArrayLike<number>, values: ArrayLike<number>, opts: SeasonalOptions = {}): ScoredAnomaly[] {
  const { periodMs = 86_400_000, bucketMs = 3_600_000, offsetMs = 0, seasons = 7, minHistory = 5, threshold = 3.5, direction = 'both' } = opts;
  if (ts.length !== values.length) throw new RangeError(`seasonal baseline needs as many timestamps as values, got ${ts.length} and ${values.length}`);
  if (!(bucketMs > 0 && periodMs >= bucketMs && periodMs % bucketMs === 0)) {
    throw new RangeError(`seasonal period (${periodMs} ms) must be a positive multiple of the bucket (${bucketMs} ms)`);
  }
  const history = new Map<number, { season: number; value: number }[]>();
  const bucketMads = new Map<number, number>();
  const out: ScoredAnomaly[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i > 0 && ts[i] < ts[i - 1]) throw new RangeError(`seasonal baseline needs ascending timestamps; index ${i} goes back in time`);
    const x = values[i];
    if (Number.isNaN(x)) continue;
    const season = Math.floor((ts[i] + offsetMs) / periodMs);
    const bucket = seasonalBucket(ts[i], periodMs, bucketMs, offsetMs);
    let h = history.get(bucket);
    if (!h) history.set(bucket, (h = []));
    while (h.length > 0 && h[0].season < season - seasons) h.shift();
    const past: number[] = [];
    for (const e of h) if (e.season < season) past.push(e.value);
    if (past.length >= minHistory) {
      const { median, mad } = medianAndMad(past);
      const pooled = medianAndMad([...bucketMads.values()]).median;
      const scale = flooredScale(Math.max(mad, pooled), median, opts);
      const z = (x - median) / scale;
      if (crosses(z, threshold, direction)) {
        out.push({
          index: i,
          observed: x,
          expected: median,
          score: z,
          lower: median - threshold * scale,
          upper: median + threshold * scale,
          direction: directionOf(z),
          method: 'seasonal',
        });
      }
    }
    h.push({ season, value: x });
    if (h.length >= 3) bucketMads.set(bucket, medianAndMad(h.map((e) => e.value)).mad);
  }
  return out;
}
