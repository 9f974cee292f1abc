// A segment's metrics come from fewer rows than the overall ones, and some (precision, recall)
// from fewer still: its predicted or actual positives. A shortfall smaller than that sampling
// noise is no finding. Each bounded metric's noise is taken as a binomial standard error at the
// overall value, over the rows the metric is computed from.
import type { Label } from './labelled-rows.ts';

export interface Shortfall {
  metric: string;
  value: number;
  overall: number;
}

export interface SegmentCounts {
  rows: number;
  predictedPositive: number;
  actualPositive: number;
}

/** One-sided z for 1%: a flagged segment is worse than the margin with 99% confidence. */
const zOneSided = 2.326;

/** How many rows each binary metric is estimated from; null for metrics judged by a relative margin. */
function effectiveRows(metric: string, c: SegmentCounts): number | null {
  switch (metric) {
    case 'accuracy':
    case 'ece':
      return c.rows;
    case 'precision':
      return c.predictedPositive;
    case 'recall':
      return c.actualPositive;
    case 'f1':
      return Math.min(c.predictedPositive, c.actualPositive);
    case 'rocAuc':
      return Math.min(c.actualPositive, c.rows - c.actualPositive);
    default:
      return null;
  }
}

/** Whether a shortfall is larger than `margin` plus the metric's sampling noise in this segment. */
export function beyondNoise(s: Shortfall, counts: SegmentCounts, margin: number): boolean {
  const n = effectiveRows(s.metric, counts);
  if (n === null) return true;
  if (n <= 0) return false;
  // ECE is a calibration gap, not a share: its noise is bounded by that of a share at 1/2.
  const p = s.metric === 'ece' ? 0.5 : Math.min(Math.max(s.overall, 0), 1);
  const se = Math.sqrt(Math.max(p * (1 - p), 1e-4) / n);
  return Math.abs(s.value - s.overall) > margin + zOneSided * se;
}

export function countsOf(yTrue: Label[], yPred: Label[], positive: Label, rows: number[]): SegmentCounts {
  let predictedPositive = 0;
  let actualPositive = 0;
  for (const i of rows) {
    if (yPred[i] === positive) predictedPositive++;
    if (yTrue[i] === positive) actualPositive++;
  }
  return { rows: rows.length, predictedPositive, actualPositive };
}

export function shortfallWarning(segment: string, count: number, shortfalls: Shortfall[]): string {
  return `segment ${segment} (${count} rows) underperforms: ${shortfalls.map((s) => `${s.metric} ${s.value.toPrecision(3)} vs ${s.overall.toPrecision(3)} overall`).join(', ')}`;
}
