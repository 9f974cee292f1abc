// Personalized PageRank by power iteration over a row-stochastic transition list.

export interface WeightedEdges {
  /** For each node index, its outgoing (target index, weight ≥ 0) pairs; weights need not sum to 1. */
  out: { to: number; weight: number }[][];
}

/**
 * Stationary distribution of a walk that follows weighted edges with probability 1 − restart and
 * jumps back to `personalization` with probability `restart`. A node whose outgoing weights are all
 * zero jumps back to the personalization vector.
 */
export function personalizedPageRank(
  graph: WeightedEdges,
  personalization: ArrayLike<number>,
  { restart = 0.15, tolerance = 1e-12, maxIterations = 1000 }: { restart?: number; tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const n = graph.out.length;
  const p = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(0, personalization[i] ?? 0);
  for (let i = 0; i < n; i++) p[i] = total > 0 ? Math.max(0, personalization[i] ?? 0) / total : 1 / n;
  const sums = graph.out.map((edges) => edges.reduce((s, e) => s + Math.max(0, e.weight), 0));
  let rank = Float64Array.from(p);
  for (let iter = 0; iter < maxIterations; iter++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let u = 0; u < n; u++) {
      const mass = rank[u]!;
      if (sums[u]! <= 0) {
        dangling += mass;
        continue;
      }
      for (const e of graph.out[u]!) if (e.weight > 0) next[e.to]! += (1 - restart) * mass * (e.weight / sums[u]!);
    }
    let diff = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += (restart * (1 - dangling) + dangling) * p[i]!;
      diff += Math.abs(next[i]! - rank[i]!);
    }
    rank = next;
    if (diff < tolerance) break;
  }
  return rank;
}
