// The call graph incidents and root-cause ranking use: given inline as an adjacency list
// (caller: [callees]) or as the path of an adjacency-matrix CSV, the format `sidewatch rca
// --graph` reads; or, with neither, the services' calls seen in traces.
import { readFileSync } from 'node:fs';
import type { DataReader } from '../../core/plugin-api/index.ts';
import { callGraphFromEdges, parseAdjacencyCsv, type CallGraph } from '../../lib/rca/call-graph.ts';

export type TopologySetting = string | Record<string, string[]>;

export function loadTopology(setting: TopologySetting | undefined): CallGraph | undefined {
  if (setting === undefined) return undefined;
  if (typeof setting === 'string') {
    let text: string;
    try {
      text = readFileSync(setting, 'utf8');
    } catch (e) {
      throw new Error(`topology: cannot read the graph file ${setting}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return parseAdjacencyCsv(text);
  }
  const edges: [string, string][] = [];
  for (const [caller, callees] of Object.entries(setting)) for (const callee of callees) edges.push([caller, callee]);
  return callGraphFromEdges(Object.keys(setting), edges);
}

/** The caller → callee graph of traces seen since `sinceMs`; undefined when traces showed none. */
export async function traceGraph(data: DataReader, sinceMs: number): Promise<CallGraph | undefined> {
  const calls = await data.serviceCalls(sinceMs);
  if (calls.length === 0) return undefined;
  return callGraphFromEdges([], calls.map((c) => [c.parent, c.child] as const));
}
