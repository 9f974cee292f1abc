// Ranks candidate root causes of an incident from metric series: how far each series moved from
// its own baseline, how early its change began, and, given a call graph, where a random walk from
// the symptom toward the services it depends on comes to rest.
import { nodeForSeries, type CallGraph } from './call-graph.ts';
import { personalizedPageRank } from './personalized-pagerank.ts';
import { seriesAnomaly, type AnomalyOptions, type SeriesAnomaly } from './series-anomaly.ts';

export interface RankInput {
  /** Shared timestamps of every series, ascending (any unit, the same as `start`). */
  timestamps: ArrayLike<number>;
  /** Series by name; each aligned with `timestamps`, NaN where missing. */
  series: ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;
  /** When the anomaly began: points before it are the baseline. */
  start: number;
  graph?: CallGraph;
  /** Node of each series; series absent here are mapped by name prefix onto graph nodes. */
  seriesNode?: Readonly<Record<string, string>>;
  /** Node (or series) where the incident was seen; the walk starts there. Default: every node, by anomaly. */
  symptom?: string;
}

export interface RankOptions extends AnomalyOptions {
  /** Probability that the walk jumps back to the symptom at each step. */
  restart?: number;
  /** Weight of a step back from a service to its caller, relative to a step to a callee. */
  backwardWeight?: number;
  /** How much an earlier onset raises a series' score (0: onset ignored). */
  earlinessWeight?: number;
}

export interface RcaEvidence {
  baseline: number;
  scale: number;
  peak_z: number;
  mean_z: number;
  /** Timestamp where the change reached the onset threshold, or null if it never did. */
  onset: number | null;
  /** Timestamp where the change began (CUSUM estimate), or null without a sustained change. */
  change: number | null;
  /** Share of the random walk's time spent on this series' node (absent without a graph). */
  walk?: number;
}

export interface RankedCause {
  series: string;
  node?: string;
  score: number;
  evidence: RcaEvidence;
}

interface Scored {
  series: string;
  node?: string;
  anomaly: SeriesAnomaly;
  local: number;
}

export function rankRootCauses(input: RankInput, options: RankOptions = {}): RankedCause[] {
  const { restart = 0.15, backwardWeight = 0.2, earlinessWeight = 0.5 } = options;
  const { timestamps, start, graph } = input;
  const startIndex = firstIndexAtOrAfter(timestamps, start);
  if (startIndex <= 0) throw new Error('rca: the start must leave at least one point before it as a baseline');
  if (startIndex >= timestamps.length) throw new Error('rca: the start is after the last point');
  const entries = input.series instanceof Map ? [...input.series] : Object.entries(input.series);

  // A sustained shift (mean z after the start) is stronger evidence than one spike, and log1p keeps
  // the huge scores of flat series that moved from swamping everything else in the walk.
  const scored: Scored[] = [];
  for (const [name, values] of entries) {
    if (values.length !== timestamps.length) throw new Error(`rca: series "${name}" has ${values.length} points, expected ${timestamps.length}`);
    const anomaly = seriesAnomaly(values, startIndex, options);
    if (!anomaly) continue;
    const node = input.seriesNode?.[name] ?? (graph ? nodeForSeries(name, graph.nodes) : undefined);
    scored.push({ series: name, node, anomaly, local: Math.log1p(anomaly.meanZ) });
  }

  // An earlier onset is evidence of a cause rather than an effect; measured in steps after the start.
  const onsets = scored.map((s) => s.anomaly.onsetIndex).filter((i) => i >= 0);
  const lastOnset = onsets.length ? Math.max(...onsets) : startIndex;
  const span = Math.max(1, timestamps.length - startIndex);
  for (const s of scored) {
    const lead = s.anomaly.onsetIndex >= 0 ? (lastOnset - s.anomaly.onsetIndex) / span : 0;
    s.local *= 1 + earlinessWeight * lead;
  }

  const walk = graph ? walkScores(graph, scored, input.symptom, restart, backwardWeight) : undefined;
  const ranked = scored.map((s): RankedCause => {
    // With a graph, a series counts half on its own and grows with its node's share of the walk;
    // a series on no node of the graph keeps only the half.
    const share = walk && s.node !== undefined ? (walk.get(s.node) ?? 0) : undefined;
    const score = share === undefined ? s.local * (walk ? 0.5 : 1) : s.local * (0.5 + share);
    const a = s.anomaly;
    const evidence: RcaEvidence = {
      baseline: a.baseline,
      scale: a.scale,
      peak_z: a.peakZ,
      mean_z: a.meanZ,
      onset: a.onsetIndex >= 0 ? timestamps[a.onsetIndex]! : null,
      change: a.changeIndex >= 0 ? timestamps[a.changeIndex]! : null,
    };
    if (share !== undefined) evidence.walk = share;
    return { series: s.series, ...(s.node !== undefined ? { node: s.node } : {}), score, evidence };
  });
  firstMoverLeads(ranked, scored);
  return ranked.sort((x, y) => y.score - x.score || x.series.localeCompare(y.series));
}

/**
 * Within one service, the series that changed first is the cause and the others moved because of
 * it (a CPU hog slows its own requests a step later, a leak's heap grows before GC shows in
 * latency): it takes the service's top score, just above the series that moved most. Series with
 * no node, or a node with one changed series, keep their scores.
 */
function firstMoverLeads(ranked: RankedCause[], scored: Scored[]): void {
  const change = new Map(scored.map((s) => [s.series, s.anomaly.changeIndex]));
  const half = new Map(scored.map((s) => [s.series, s.anomaly.halfIndex]));
  const byNode = new Map<string, RankedCause[]>();
  for (const r of ranked) {
    if (r.node === undefined || (change.get(r.series) ?? -1) < 0) continue;
    const list = byNode.get(r.node);
    if (list) list.push(r);
    else byNode.set(r.node, [r]);
  }
  for (const list of byNode.values()) {
    if (list.length < 2) continue;
    const top = Math.max(...list.map((r) => r.score));
    const first = list.reduce((a, b) => {
      const ca = change.get(a.series)!;
      const cb = change.get(b.series)!;
      if (cb !== ca) return cb < ca ? b : a;
      // Changed together: the one that got halfway to its peak first, then the larger move.
      const ha = half.get(a.series)!;
      const hb = half.get(b.series)!;
      if (ha !== hb) return hb < ha ? b : a;
      return b.score > a.score ? b : a;
    });
    if (first.score < top) first.score = top * (1 + 1e-9);
  }
}

/**
 * Walk from the symptom toward the services it calls, stepping to a callee in proportion to how
 * anomalous it is, back to a caller with a smaller weight, and staying put in proportion to how much
 * more anomalous a node is than everything it calls — the walk rests where an anomaly cannot be
 * explained by a dependency. Returns each node's share scaled so the busiest non-symptom node is 1.
 */
function walkScores(graph: CallGraph, scored: Scored[], symptom: string | undefined, restart: number, backwardWeight: number): Map<string, number> {
  const index = new Map(graph.nodes.map((n, i) => [n, i]));
  const a = new Float64Array(graph.nodes.length);
  for (const s of scored) {
    if (s.node === undefined) continue;
    const i = index.get(s.node);
    if (i !== undefined) a[i] = Math.max(a[i]!, s.local);
  }
  const out = graph.nodes.map((u, i) => {
    const edges: { to: number; weight: number }[] = [];
    let maxCallee = 0;
    for (const v of graph.callees.get(u) ?? []) {
      const j = index.get(v)!;
      edges.push({ to: j, weight: a[j]! });
      maxCallee = Math.max(maxCallee, a[j]!);
    }
    for (const w of graph.callers.get(u) ?? []) {
      const j = index.get(w)!;
      edges.push({ to: j, weight: backwardWeight * a[j]! });
    }
    edges.push({ to: i, weight: Math.max(0, a[i]! - maxCallee) });
    return edges;
  });
  const symptomNode = symptom === undefined ? undefined : index.has(symptom) ? symptom : scored.find((s) => s.series === symptom)?.node;
  const personalization = new Float64Array(graph.nodes.length);
  if (symptomNode !== undefined) personalization[index.get(symptomNode)!] = 1;
  else personalization.set(a);
  const rank = personalizedPageRank({ out }, personalization, { restart });
  // Time the walk spends on a node because it restarts there is not evidence about that node.
  let pSum = 0;
  for (const v of personalization) pSum += v;
  for (let i = 0; i < rank.length; i++) rank[i] = Math.max(0, rank[i]! - (restart * personalization[i]!) / pSum);
  let top = 0;
  for (let i = 0; i < rank.length; i++) top = Math.max(top, rank[i]!);
  return new Map(graph.nodes.map((n, i) => [n, top > 0 ? rank[i]! / top : 0]));
}

function firstIndexAtOrAfter(ts: ArrayLike<number>, t: number): number {
  for (let i = 0; i < ts.length; i++) if (ts[i]! >= t) return i;
  return ts.length;
}
