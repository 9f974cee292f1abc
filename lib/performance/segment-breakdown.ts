import { classificationMetrics, type ClassificationInput, type ClassificationMetrics } from './classification-metrics.ts';
import type { Label } from './labels.ts';
import { regressionMetrics, type RegressionMetrics } from './regression.ts';

export type MetricValues = Record<string, number | null>;
/**
 * How a metric is compared with its overall value: 'higher' and 'lower' are bounded metrics
 * (shares, AUC, ECE, R²) compared with an absolute margin; 'lower-relative' are unbounded error
 * metrics (MAE, RMSE, MAPE, log-loss) compared with a relative margin.
 */
export type Direction = 'higher' | 'lower' | 'lower-relative';

export interface SegmentOptions {
  /** Bounded metrics flag when a segment is worse than overall by more than this (default 0.05). */
  margin?: number;
  /** Unbounded error metrics flag when segment > overall·(1 + relativeMargin) (default 0.25). */
  relativeMargin?: number;
  /** Segments with fewer rows are reported but never flagged: their metrics are too noisy. */
  minCount?: number;
}

export interface Shortfall {
  metric: string;
  value: number;
  overall: number;
}

export interface SegmentResult<M extends MetricValues> {
  segment: string;
  count: number;
  metrics: M;
  tooSmall: boolean;
  underperforming: Shortfall[];
}

export interface SegmentBreakdown<M extends MetricValues> {
  overall: M;
  segments: SegmentResult<M>[];
  /** One line per flagged segment: the "good in one segment, bad in another" warning. */
  warnings: string[];
}

/** Rows whose segment is null are grouped under this name. */
export const NO_SEGMENT = '(none)';

function isShortfall(direction: Direction, value: number, overall: number, opts: Required<SegmentOptions>): boolean {
  if (direction === 'higher') return value < overall - opts.margin;
  if (direction === 'lower') return value > overall + opts.margin;
  return value > overall * (1 + opts.relativeMargin);
}

/** Computes metrics overall and per segment and flags segments that fall short of the overall value. */
export function segmentBreakdown<M extends MetricValues>(
  segments: ArrayLike<string | null>,
  compute: (rows: number[]) => M,
  directions: Record<string, Direction>,
  options: SegmentOptions = {},
): SegmentBreakdown<M> {
  const opts: Required<SegmentOptions> = { margin: 0.05, relativeMargin: 0.25, minCount: 30, ...options };
  const groups = new Map<string, number[]>();
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] ?? NO_SEGMENT;
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = []));
    rows.push(i);
  }
  const overall = compute(Array.from({ length: segments.length }, (_, i) => i));
  const results: SegmentResult<M>[] = [];
  const warnings: string[] = [];
  for (const [segment, rows] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const metrics = compute(rows);
    const tooSmall = rows.length < opts.minCount;
    const underperforming: Shortfall[] = [];
    if (!tooSmall) {
      for (const [metric, direction] of Object.entries(directions)) {
        const value = metrics[metric];
        const base = overall[metric];
        if (value === null || base === null || value === undefined || base === undefined) continue;
        if (isShortfall(direction, value, base, opts)) underperforming.push({ metric, value, overall: base });
      }
    }
    if (underperforming.length > 0) {
      const parts = underperforming.map((s) => `${s.metric} ${s.value.toPrecision(3)} vs ${s.overall.toPrecision(3)} overall`);
      warnings.push(`segment ${segment} (${rows.length} rows) underperforms: ${parts.join(', ')}`);
    }
    results.push({ segment, count: rows.length, metrics, tooSmall, underperforming });
  }
  return { overall, segments: results, warnings };
}

function pick<T>(values: ArrayLike<T>, rows: number[]): T[] {
  return rows.map((i) => values[i]);
}

const CLASSIFICATION_DIRECTIONS: Record<string, Direction> = {
  accuracy: 'higher', precision: 'higher', recall: 'higher', f1: 'higher', rocAuc: 'higher', logLoss: 'lower-relative', ece: 'lower',
};

export function classificationBySegment(
  segments: ArrayLike<string | null>,
  input: ClassificationInput,
  options?: SegmentOptions,
): SegmentBreakdown<ClassificationMetrics> {
  if (segments.length !== input.yTrue.length) throw new RangeError(`segments: ${segments.length} values for ${input.yTrue.length} rows`);
  const compute = (rows: number[]): ClassificationMetrics =>
    classificationMetrics({
      ...input,
      yTrue: pick<Label>(input.yTrue, rows),
      yPred: pick<Label>(input.yPred, rows),
      scores: input.scores ? pick(input.scores, rows) : undefined,
    });
  return segmentBreakdown(segments, compute, CLASSIFICATION_DIRECTIONS, options);
}

export type RegressionSegmentMetrics = RegressionMetrics & { count: number; [metric: string]: number };

export function regressionBySegment(
  segments: ArrayLike<string | null>,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options?: SegmentOptions,
): SegmentBreakdown<RegressionSegmentMetrics> {
  if (segments.length !== yTrue.length) throw new RangeError(`segments: ${segments.length} values for ${yTrue.length} rows`);
  const compute = (rows: number[]): RegressionSegmentMetrics => ({ count: rows.length, ...regressionMetrics(pick(yTrue, rows), pick(yPred, rows)) });
  return segmentBreakdown(segments, compute, { mae: 'lower-relative', rmse: 'lower-relative', mape: 'lower-relative', r2: 'higher' }, options);
}
