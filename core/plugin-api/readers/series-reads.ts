// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// Bucketed series from stored metrics and logs, aligned on one grid of time buckets: metric
// series per name and label set (mean per bucket, NaN where nothing arrived) and log counts per
// template and per level (zero where nothing arrived, since no line is a count of zero).
import type { DataReader } from '../index.ts';

export interface SeriesGrid {
  /** Start of the first bucket and bucket width, epoch milliseconds. */
  from: number;
  step: number;
  /** Bucket start times. */
  timestamps: Float64Array;
  series: Map<string, Float64Array>;
  /** Graph node of a series, from its `service`/`node` label or a log source, when known. */
  nodeOf: Record<string, string>;
  kindOf: Record<string, 'metric' | 'log_template' | 'log_level'>;
}

export interface GridQuery {
  from: number;
  to: number;
  step: number;
  /** Largest number of metric series kept (those with the most buckets win). */
  maxSeries?: number;
  /** Log levels counted as series of their own (`log.level:error`). */
  levels?: readonly string[];
  nodeLabels?: readonly string[];
  templates?: boolean;
}

export function emptyGrid(from: number, to: number, step: number): SeriesGrid {
  if (!(step > 0)) throw new Error(`bucket width must be positive, got ${step}`);
  const n = Math.max(0, Math.ceil((to - from) / step));
  return { from, step, timestamps: Float64Array.from({ length: n }, (_, i) => from + i * step), series: new Map(), nodeOf: {}, kindOf: {} };
}

/** `name` or `name{k="v",…}` with the stored (sorted) label order. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `${name}{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : name;
}

/** Log-count series and template events are keyed `log.template:<id>`. */
export const templateSeriesPrefix = 'log.template:';

/**
 * The template text behind each `log.template:<id>` key among `keys` (others are ignored), for
 * showing an operator the message rather than an id.
 */
export async function templateTexts(data: DataReader, keys: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set([...keys].filter((k) => k.startsWith(templateSeriesPrefix)).map((k) => k.slice(templateSeriesPrefix.length)))];
  if (!ids.length) return new Map();
  return new Map((await data.templates({ ids })).map((t) => [`${templateSeriesPrefix}${t.id}`, t.template]));
}

export async function readSeriesGrid(data: DataReader, q: GridQuery): Promise<SeriesGrid> {
  const grid = emptyGrid(q.from, q.to, q.step);
  const n = grid.timestamps.length;
  if (n === 0) return grid;
  const nodeLabels = q.nodeLabels ?? ['service', 'node', 'microservice'];
  const buckets = { from: q.from, to: q.to, step: q.step };

  const metric = new Map<string, { values: Float64Array; filled: number; node?: string }>();
  for (const r of await data.metricBuckets(buckets)) {
    const key = seriesKey(r.name, r.labels);
    let s = metric.get(key);
    if (!s) {
      const node = nodeLabels.map((l) => r.labels[l]).find((v) => v !== undefined);
      metric.set(key, (s = { values: new Float64Array(n).fill(NaN), filled: 0, node }));
    }
    if (r.i >= 0 && r.i < n) {
      s.values[r.i] = r.v;
      s.filled++;
    }
  }
  const kept = [...metric].sort((a, b) => b[1].filled - a[1].filled || a[0].localeCompare(b[0])).slice(0, q.maxSeries ?? 200);
  for (const [key, s] of kept.sort((a, b) => a[0].localeCompare(b[0]))) {
    grid.series.set(key, s.values);
    grid.kindOf[key] = 'metric';
    if (s.node !== undefined) grid.nodeOf[key] = s.node;
  }

  if (q.templates !== false) {
    const rows = await data.logCounts({ ...buckets, by: 'template' });
    addCounts(grid, rows.map((r) => ({ key: `${templateSeriesPrefix}${r.key}`, i: r.i, n: r.n, node: r.sources === 1 ? (r.source ?? undefined) : undefined })), 'log_template');
  }
  if (q.levels?.length) {
    const rows = await data.logCounts({ ...buckets, by: 'level', levels: q.levels });
    addCounts(grid, rows.map((r) => ({ key: `log.level:${r.key}`, i: r.i, n: r.n })), 'log_level');
  }
  return grid;
}

function addCounts(grid: SeriesGrid, rows: { key: string; i: number; n: number; node?: string }[], kind: 'log_template' | 'log_level'): void {
  const n = grid.timestamps.length;
  const nodes = new Map<string, Set<string | undefined>>();
  for (const r of rows) {
    let s = grid.series.get(r.key);
    if (!s) {
      grid.series.set(r.key, (s = new Float64Array(n)));
      grid.kindOf[r.key] = kind;
    }
    if (r.i >= 0 && r.i < n) s[r.i]! += r.n;
    let set = nodes.get(r.key);
    if (!set) nodes.set(r.key, (set = new Set()));
    set.add(r.node);
  }
  // A template belongs to a node only when every one of its lines came from that one source.
  for (const [key, set] of nodes) {
    const [only] = set;
    if (set.size === 1 && only !== undefined) grid.nodeOf[key] = only;
  }
}
