// Thresholds learned from the reference (as NannyML): each column's statistic is computed
// between the whole reference and chunks of it; a current statistic outside mean ± k·std of
// those values is drift. This adapts the alarm level to how much the statistic wobbles on
// data known to be fine, instead of trusting a fixed p-value on huge samples.
import { sizeChunks, thresholdFromChunkValues, type ChunkThreshold } from '../../lib/detectors/chunk-thresholds.ts';
import { buildDriftReport, type DriftReport } from '../../lib/drift/report.ts';
import type { Values } from './datasets.ts';

export interface LearnedSettings {
  chunkSize: number;
  /** At most this many chunks, spread evenly over the reference, are measured. */
  maxChunks: number;
  k: number;
}

function slice(v: Values, start: number, end: number): Values {
  return v instanceof Float64Array ? v.subarray(start, end) : v.slice(start, end);
}

/** Re-judges every tested column of `report` against a band learned from reference chunks. */
export function applyLearnedThresholds(report: DriftReport, reference: Record<string, Values>, rows: number, s: LearnedSettings): Record<string, ChunkThreshold | { error: string }> {
  const all = sizeChunks(rows, s.chunkSize, 'drop');
  const out: Record<string, ChunkThreshold | { error: string }> = {};
  if (all.length < 2) {
    for (const c of report.columns) out[c.name] = { error: `need at least 2 reference chunks of ${s.chunkSize} rows, the reference has ${rows} rows` };
    return out;
  }
  const step = Math.max(1, Math.floor(all.length / s.maxChunks));
  const chunks = all.filter((_, i) => i % step === 0).slice(0, s.maxChunks);
  for (const col of report.columns) {
    if (col.error || col.statistic === null || !col.method) continue;
    const ref = reference[col.name]!;
    const values = chunks.map(([a, b]) => {
      const r = buildDriftReport(
        { rows, version: 'reference', columns: { [col.name]: ref } },
        { rows: b - a, version: 'chunk', columns: { [col.name]: slice(ref, a, b) } },
        { columns: [col.name], methods: { [col.name]: col.method! } },
      );
      return r.columns[0]!.statistic ?? NaN;
    });
    try {
      const band = thresholdFromChunkValues(values, { lowerMultiplier: s.k, upperMultiplier: s.k, lowerLimit: 0 });
      out[col.name] = band;
      // Every supported statistic grows with the difference, so only the upper edge means drift.
      col.drift = col.statistic > band.upper;
      col.threshold = band.upper;
    } catch (e) {
      out[col.name] = { error: (e as Error).message };
    }
  }
  const evaluated = report.columns.filter((c) => !c.error);
  report.share_drifted = evaluated.length ? evaluated.filter((c) => c.drift).length / evaluated.length : 0;
  return out;
}
