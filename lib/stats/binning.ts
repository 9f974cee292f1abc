// The bins behind psi, jensen_shannon and hellinger (SPEC §5): ten bins whose inner edges are the
// reference's 10th…90th percentiles, outer bins open, equal-to-edge counting right, duplicate
// edges merged; categorical columns get one bin per category seen in either sample.
import { quantileSorted } from '../robust/quantile.ts';

export interface BinCounts {
  reference: Float64Array;
  current: Float64Array;
  /** Numerical bins: the inner edges. Categorical: the category keys, in bin order. */
  edges?: number[];
  categories?: string[];
}

/** Distinct ascending inner edges from the reference's deciles. */
export function decileEdges(sortedReference: Float64Array): number[] {
  const edges: number[] = [];
  for (let i = 1; i <= 9; i++) {
    const e = quantileSorted(sortedReference, i / 10);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Number of values strictly below x in an ascending array. */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin of an ascending sample; bin i holds values v with edges[i-1] ≤ v < edges[i]. */
export function countInBins(sorted: Float64Array, edges: number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let prev = 0;
  for (let i = 0; i < edges.length; i++) {
    const below = countBelow(sorted, edges[i]!);
    counts[i] = below - prev;
    prev = below;
  }
  counts[edges.length] = sorted.length - prev;
  return counts;
}

export function numericalBins(sortedReference: Float64Array, sortedCurrent: Float64Array): BinCounts {
  const edges = decileEdges(sortedReference);
  return { reference: countInBins(sortedReference, edges), current: countInBins(sortedCurrent, edges), edges };
}

/** One bin per category seen in either sample, in order of first appearance (reference first). */
export function categoricalBins(reference: string[], current: string[]): BinCounts {
  const index = new Map<string, number>();
  for (const v of reference) if (!index.has(v)) index.set(v, index.size);
  for (const v of current) if (!index.has(v)) index.set(v, index.size);
  const r = new Float64Array(index.size);
  const c = new Float64Array(index.size);
  for (const v of reference) r[index.get(v)!]!++;
  for (const v of current) c[index.get(v)!]!++;
  return { reference: r, current: c, categories: [...index.keys()] };
}

/** `categoricalBins` with the reference given as counts per category in first-seen order. */
export function categoricalBinsFromCounts(reference: readonly (readonly [string, number])[], current: string[]): BinCounts {
  const index = new Map<string, number>();
  for (const [v] of reference) if (!index.has(v)) index.set(v, index.size);
  for (const v of current) if (!index.has(v)) index.set(v, index.size);
  const r = new Float64Array(index.size);
  const c = new Float64Array(index.size);
  for (const [v, n] of reference) r[index.get(v)!]! += n;
  for (const v of current) c[index.get(v)!]!++;
  return { reference: r, current: c, categories: [...index.keys()] };
}

export function proportions(counts: Float64Array): Float64Array {
  let total = 0;
  for (const c of counts) total += c;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / total;
  return out;
}
