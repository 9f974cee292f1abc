// Drift per segment: a shift confined to one segment (one region, one client type) is diluted
// in the whole window; each segment's current rows are compared with the same segment of the
// reference when the reference has segments, else with the whole reference.
import { buildDriftReport, type DriftOptions } from '../../lib/drift/report.ts';
import type { Side, Values } from './datasets.ts';

export interface SegmentDrift {
  segment: string;
  reference_rows: number;
  current_rows: number;
  share_drifted: number;
  dataset_drift: boolean;
  drifted: { name: string; statistic: number | null; p_value: number | null; method: string | null; summary: string | null }[];
}

function rowsOf(labels: (string | null)[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  labels.forEach((s, i) => {
    if (s === null) return;
    let rows = m.get(s);
    if (!rows) m.set(s, (rows = []));
    rows.push(i);
  });
  return m;
}

function take(columns: Record<string, Values>, rows: number[]): Record<string, Values> {
  const out: Record<string, Values> = {};
  for (const [k, v] of Object.entries(columns)) {
    if (v instanceof Float64Array) {
      const f = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) f[i] = v[rows[i]!]!;
      out[k] = f;
    } else out[k] = rows.map((i) => v[i]!);
  }
  return out;
}

/** The segment of each row: the `segment` field, or the text of a feature. */
export function segmentLabels(side: Side, by: string): (string | null)[] | null {
  if (by === 'segment') return side.segment;
  const v = side.features[by];
  if (!v) return null;
  return Array.from(v as ArrayLike<unknown>, (x) => (x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x)) ? null : String(x)));
}

export function segmentDrift(reference: Side, current: Side, by: string, columns: string[], minRows: number, options: DriftOptions): SegmentDrift[] {
  const cur = segmentLabels(current, by);
  if (!cur) return [];
  const ref = segmentLabels(reference, by);
  const refRows = ref ? rowsOf(ref) : null;
  const out: SegmentDrift[] = [];
  for (const [segment, rows] of [...rowsOf(cur)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (rows.length < minRows) continue;
    const r = refRows?.get(segment);
    if (refRows && (!r || r.length < minRows)) continue;
    const refCols = r ? take(reference.features, r) : reference.features;
    const wanted = columns.filter((c) => c !== by);
    const report = buildDriftReport(
      { rows: r?.length ?? reference.rows, version: reference.version, columns: refCols },
      { rows: rows.length, version: current.version, columns: take(current.features, rows) },
      { ...options, columns: wanted, methods: pickKeys(options.methods, wanted), thresholds: pickKeys(options.thresholds, wanted) },
    );
    out.push({
      segment,
      reference_rows: r?.length ?? reference.rows,
      current_rows: rows.length,
      share_drifted: report.share_drifted,
      dataset_drift: report.dataset_drift,
      drifted: report.columns
        .filter((c) => c.drift)
        .map((c) => ({ name: c.name, statistic: c.statistic, p_value: c.p_value, method: c.method, summary: c.explanation?.summary ?? null })),
    });
  }
  return out;
}

function pickKeys<T>(o: Record<string, T> | undefined, keys: string[]): Record<string, T> | undefined {
  if (!o) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}
