// Synthetic incidents with a known root cause, down to the resource: a random call graph of
// services, each with latency, CPU and memory series; one fault (CPU hog, memory leak or latency
// injection) in one service; the fault's effect couples into that service's latency and
// propagates to its callers one step per hop, attenuated, all under noise of a chosen level.
// Deterministic for a seed. Used by the RCA tests and `npm run bench -- rca`.
import { callGraphFromEdges, type CallGraph } from '../../lib/rca/call-graph.ts';

export type FaultKind = 'cpu_hog' | 'memory_leak' | 'latency';

export interface SyntheticIncident {
  kind: FaultKind;
  noise: number;
  graph: CallGraph;
  timestamps: number[];
  series: Map<string, Float64Array>;
  start: number;
  symptom: string;
  /** The faulty service and its faulty series. */
  cause: { node: string; series: string };
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return { u, normal: () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()), int: (n: number) => Math.floor(u() * n) };
}

export function syntheticIncident(seed: number, kind: FaultKind, noise: number, services = 8, steps = 120): SyntheticIncident {
  const r = rng(seed);
  const nodes = Array.from({ length: services }, (_, i) => `svc${i}`);
  // A DAG: each service after the first is called by one or two earlier ones; svc0 is the front end.
  const edges: [string, string][] = [];
  for (let i = 1; i < services; i++) {
    const a = r.int(i);
    edges.push([nodes[a]!, nodes[i]!]);
    if (i > 2 && r.u() < 0.4) {
      const b = r.int(i);
      if (b !== a) edges.push([nodes[b]!, nodes[i]!]);
    }
  }
  const graph = callGraphFromEdges(nodes, edges);
  const faulty = nodes[1 + r.int(services - 1)]!;
  const t0 = Math.floor(steps * 0.65);
  const timestamps = Array.from({ length: steps }, (_, i) => 1_700_000_000_000 + i * 60_000);

  // Extra latency each service adds by itself at each step (ms), from the fault.
  const ownExtra = new Map(nodes.map((n) => [n, new Float64Array(steps)]));
  const cpu = new Map(nodes.map((n) => [n, new Float64Array(steps).fill(30 + 20 * r.u())]));
  const mem = new Map(nodes.map((n) => [n, new Float64Array(steps).fill(400 + 200 * r.u())]));
  for (let t = t0; t < steps; t++) {
    const k = t - t0;
    if (kind === 'cpu_hog') {
      cpu.get(faulty)![t]! += 25;
      // A saturated CPU slows the service from the next step on.
      if (k >= 1) ownExtra.get(faulty)![t] = 40;
    } else if (kind === 'memory_leak') {
      mem.get(faulty)![t]! += 10 * (k + 1);
      // Garbage collection pressure shows in latency once the heap has grown for a while.
      if (k >= 3) ownExtra.get(faulty)![t] = 6 * (k - 2);
    } else {
      ownExtra.get(faulty)![t] = 60;
    }
  }
  // Latency: own base plus own extra plus 80% of the callees' latency increase one step later.
  const baseLatency = new Map(nodes.map((n) => [n, 20 + 30 * r.u()]));
  const increase = new Map(nodes.map((n) => [n, new Float64Array(steps)]));
  const order = [...nodes].reverse(); // callees (higher index) first
  for (const n of order) {
    const inc = increase.get(n)!;
    for (let t = 0; t < steps; t++) {
      let v = ownExtra.get(n)![t]!;
      for (const c of graph.callees.get(n) ?? []) v += t > 0 ? 0.8 * increase.get(c)![t - 1]! : 0;
      inc[t] = v;
    }
  }
  const series = new Map<string, Float64Array>();
  for (const n of nodes) {
    const lat = new Float64Array(steps);
    const base = baseLatency.get(n)!;
    for (let t = 0; t < steps; t++) lat[t] = base + increase.get(n)![t]! + noise * base * 0.1 * r.normal();
    const c = cpu.get(n)!;
    const m = mem.get(n)!;
    for (let t = 0; t < steps; t++) {
      c[t] = c[t]! + noise * 3 * r.normal() + 0.15 * increase.get(n)![t]!; // busier while waiting on callees
      m[t] = m[t]! + noise * 15 * r.normal();
    }
    series.set(`${n}.latency`, lat);
    series.set(`${n}.cpu`, c);
    series.set(`${n}.memory`, m);
  }
  const causeSeries = kind === 'cpu_hog' ? `${faulty}.cpu` : kind === 'memory_leak' ? `${faulty}.memory` : `${faulty}.latency`;
  return { kind, noise, graph, timestamps, series, start: timestamps[t0]!, symptom: 'svc0', cause: { node: faulty, series: causeSeries } };
}
