// Groups findings, alerts and anomalies into incidents: events close in time (and, when a call
// graph is given, close in that graph) belong to the same incident.
import type { CallGraph } from './call-graph.ts';

export type EventSeverity = 'info' | 'warning' | 'critical';

export interface IncidentEvent {
  /** Epoch milliseconds (any unit works if `maxGap` uses the same). */
  ts: number;
  kind: string;
  labels?: Readonly<Record<string, string>>;
  severity: EventSeverity;
}

export interface Incident<E extends IncidentEvent = IncidentEvent> {
  start: number;
  end: number;
  /** The most severe member, the earliest among equals. */
  symptom: E;
  members: E[];
  /** Graph nodes the members touch, when known. */
  nodes: string[];
}

export interface GroupOptions {
  /** Largest quiet gap inside one incident. */
  maxGap: number;
  topology?: CallGraph;
  /** Events whose nodes are at most this many call edges apart (either direction) may share an incident. */
  maxHops?: number;
  /** Label naming an event's node; the first present of these is used. */
  nodeLabels?: readonly string[];
}

const rank: Record<EventSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function groupIncidents<E extends IncidentEvent>(events: readonly E[], options: GroupOptions): Incident<E>[] {
  const { maxGap, topology, maxHops = 1, nodeLabels = ['service', 'node', 'microservice'] } = options;
  if (!(maxGap >= 0)) throw new Error(`incidents: maxGap must be non-negative, got ${maxGap}`);
  const nodeOf = (e: E) => {
    for (const l of nodeLabels) if (e.labels?.[l] !== undefined) return e.labels[l];
    return undefined;
  };
  const near = topology ? neighbourhoods(topology, maxHops) : undefined;
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  const open: Incident<E>[] = [];
  const done: Incident<E>[] = [];
  for (const e of sorted) {
    for (let i = open.length - 1; i >= 0; i--) if (e.ts - open[i]!.end > maxGap) done.push(...open.splice(i, 1));
    const node = nodeOf(e);
    // Without a graph, or for an event with no known node, time alone decides.
    const fits = (inc: Incident<E>) =>
      !near || node === undefined || !near.has(node) || inc.nodes.length === 0 || inc.nodes.some((n) => near.get(node)!.has(n));
    const candidates = open.filter(fits);
    let target = candidates.reduce<Incident<E> | undefined>((best, inc) => (!best || inc.end > best.end ? inc : best), undefined);
    if (!target) {
      target = { start: e.ts, end: e.ts, symptom: e, members: [], nodes: [] };
      open.push(target);
    }
    target.members.push(e);
    target.end = Math.max(target.end, e.ts);
    if (rank[e.severity] > rank[target.symptom.severity]) target.symptom = e;
    if (node !== undefined && !target.nodes.includes(node)) target.nodes.push(node);
  }
  done.push(...open);
  return done.sort((a, b) => a.start - b.start);
}

/** Nodes within `hops` undirected call edges of each node (itself included). */
function neighbourhoods(graph: CallGraph, hops: number): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const start of graph.nodes) {
    const seen = new Set([start]);
    let frontier = [start];
    for (let h = 0; h < hops; h++) {
      const next: string[] = [];
      for (const u of frontier) {
        for (const v of [...(graph.callees.get(u) ?? []), ...(graph.callers.get(u) ?? [])]) {
          if (!seen.has(v)) {
            seen.add(v);
            next.push(v);
          }
        }
      }
      frontier = next;
    }
    out.set(start, seen);
  }
  return out;
}
