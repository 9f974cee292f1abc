// A call graph over named nodes: an edge caller → callee means the caller depends on the callee,
// so faults travel the other way, from callee to caller.

export interface CallGraph {
  nodes: string[];
  /** Callees of each node (outgoing call edges). */
  callees: Map<string, string[]>;
  /** Callers of each node (incoming call edges). */
  callers: Map<string, string[]>;
}

export function callGraphFromEdges(nodes: Iterable<string>, edges: Iterable<readonly [string, string]>): CallGraph {
  const names = new Set(nodes);
  const list = [...edges];
  for (const [a, b] of list) {
    names.add(a);
    names.add(b);
  }
  const callees = new Map<string, string[]>();
  const callers = new Map<string, string[]>();
  for (const n of names) {
    callees.set(n, []);
    callers.set(n, []);
  }
  for (const [a, b] of list) {
    if (a === b) continue;
    if (!callees.get(a)!.includes(b)) callees.get(a)!.push(b);
    if (!callers.get(b)!.includes(a)) callers.get(b)!.push(a);
  }
  return { nodes: [...names], callees, callers };
}

/**
 * Parses an adjacency matrix as CSV text: the first row holds the node names after an empty (or
 * label) corner cell, each later row starts with a node name, and a nonzero cell at (row, column)
 * is an edge row → column. Row names must match the column names (in any order).
 */
export function parseAdjacencyCsv(text: string): CallGraph {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('graph: empty adjacency matrix');
  const header = splitCsvLine(lines[0]!).slice(1).map((s) => s.trim());
  if (header.length === 0) throw new Error('graph: the first row must list node names after a corner cell');
  const dup = header.find((n, i) => header.indexOf(n) !== i);
  if (dup !== undefined) throw new Error(`graph: node "${dup}" appears twice in the first row`);
  const edges: [string, string][] = [];
  const rowNames = new Set<string>();
  for (let r = 1; r < lines.length; r++) {
    const cells = splitCsvLine(lines[r]!);
    const from = cells[0]!.trim();
    if (!header.includes(from)) throw new Error(`graph: row ${r + 1} names "${from}", which is not a column of the first row`);
    if (rowNames.has(from)) throw new Error(`graph: node "${from}" has two rows`);
    rowNames.add(from);
    if (cells.length - 1 !== header.length) {
      throw new Error(`graph: row ${r + 1} ("${from}") has ${cells.length - 1} cells, expected ${header.length}`);
    }
    for (let c = 1; c < cells.length; c++) {
      const raw = cells[c]!.trim();
      const v = raw === '' ? 0 : Number(raw);
      if (!Number.isFinite(v)) throw new Error(`graph: row ${r + 1} ("${from}"), column "${header[c - 1]}": "${raw}" is not a number`);
      if (v !== 0) edges.push([from, header[c - 1]!]);
    }
  }
  return callGraphFromEdges(header, edges);
}

/** Splits one CSV line, honouring double quotes ("a,b" and "" escapes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The node a series belongs to: the longest node name that equals the series name or prefixes it
 * followed by a separator (`carts_cpu` → `carts`, `api.gw.latency` → `api.gw`).
 */
export function nodeForSeries(series: string, nodes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const n of nodes) {
    if (series === n) return n;
    if (series.startsWith(n) && /[_.:/|\-\s]/.test(series[n.length]!) && (best === undefined || n.length > best.length)) best = n;
  }
  return best;
}
