// Thresholds learned from the reference itself, as NannyML does: cut the reference into chunks,
// compute the statistic on each, and call anything outside mean ± k·std of those values unusual.
// This adapts the alarm level to how much the statistic wobbles on data known to be fine.

export type IncompleteChunk = 'keep' | 'drop' | 'append';

/** Start/end (exclusive) row offsets of consecutive chunks of `size` rows. */
export function sizeChunks(rows: number, size: number, incomplete: IncompleteChunk = 'keep'): [number, number][] {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: [number, number][] = [];
  for (let start = 0; start < rows; start += size) out.push([start, Math.min(start + size, rows)]);
  const last = out[out.length - 1];
  if (last && last[1] - last[0] < size) {
    // 'append' folds a short tail into the chunk before it, so every chunk has at least `size` rows.
    if (incomplete === 'drop') out.pop();
    else if (incomplete === 'append' && out.length > 1) {
      out.pop();
      out[out.length - 1][1] = rows;
    }
  }
  return out;
}

export interface ChunkThresholdOptions {
  /** Multiplier of the standard deviation below the mean (default 3). */
  lowerMultiplier?: number;
  /** Multiplier of the standard deviation above the mean (default 3). */
  upperMultiplier?: number;
  /** Clamp the learned band to where the statistic can live (e.g. 0 for a distance). */
  lowerLimit?: number;
  upperLimit?: number;
}

export interface ChunkThreshold {
  mean: number;
  /** Population standard deviation of the per-chunk values (NumPy's default, as NannyML uses). */
  std: number;
  lower: number;
  upper: number;
  chunks: number;
}

/** mean ± k·std of per-chunk statistic values, clamped to the given limits. */
export function thresholdFromChunkValues(values: ArrayLike<number>, opts: ChunkThresholdOptions = {}): ChunkThreshold {
  const { lowerMultiplier = 3, upperMultiplier = 3, lowerLimit = -Infinity, upperLimit = Infinity } = opts;
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) throw new RangeError('chunk thresholds need at least one finite per-chunk value');
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((a, x) => a + (x - mean) ** 2, 0) / finite.length);
  return {
    mean,
    std,
    lower: Math.max(lowerLimit, mean - lowerMultiplier * std),
    upper: Math.min(upperLimit, mean + upperMultiplier * std),
    chunks: finite.length,
  };
}

/**
 * Splits `rows` reference rows into chunks of `chunkSize`, computes `statistic(start, end)` on each
 * and learns the band. The statistic sees row offsets so it can slice whatever columns it needs.
 */
export function learnChunkThreshold(
  rows: number,
  chunkSize: number,
  statistic: (start: number, end: number) => number,
  opts: ChunkThresholdOptions & { incomplete?: IncompleteChunk } = {},
): ChunkThreshold & { values: number[] } {
  // A short tail chunk wobbles more than the rest and would widen the band, so it is dropped by default.
  const chunks = sizeChunks(rows, chunkSize, opts.incomplete ?? 'drop');
  if (chunks.length < 2) throw new RangeError(`chunk thresholds need at least 2 reference chunks, got ${chunks.length} (${rows} rows, chunk size ${chunkSize})`);
  const values = chunks.map(([s, e]) => statistic(s, e));
  return { ...thresholdFromChunkValues(values, opts), values };
}

/** Whether a value falls outside a learned band. */
export function outsideThreshold(value: number, t: Pick<ChunkThreshold, 'lower' | 'upper'>): boolean {
  return value < t.lower || value > t.upper;
}
