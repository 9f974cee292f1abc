// OTLP metrics → metric points. Gauges as they are; sums as their value, and monotonic
// cumulative sums also as a per-second rate between consecutive points; histograms as count, sum
// and p50/p95/p99 (interpolated within the bucket, as Prometheus's histogram_quantile does) of
// what arrived since the previous point, so a cumulative histogram gives current quantiles.
import { attributeMap, isObject, list, nanosToMs, num, serviceName, type KeyValue, type Nanos, type Resource } from './model.ts';
import { histogramQuantile } from '../robust/histogram-quantile.ts';

interface NumberPoint {
  attributes?: KeyValue[];
  timeUnixNano?: Nanos;
  startTimeUnixNano?: Nanos;
  asDouble?: number;
  asInt?: string | number;
}
interface HistogramPoint {
  attributes?: KeyValue[];
  timeUnixNano?: Nanos;
  count?: string | number;
  sum?: number;
  bucketCounts?: (string | number)[];
  explicitBounds?: number[];
}
interface SummaryPoint {
  attributes?: KeyValue[];
  timeUnixNano?: Nanos;
  count?: string | number;
  sum?: number;
  quantileValues?: { quantile?: number; value?: number }[];
}
/** OTLP's AggregationTemporality: 1 delta, 2 cumulative. */
const CUMULATIVE = 2;

export interface OtlpMetricsRequest {
  resourceMetrics?: {
    resource?: Resource;
    scopeMetrics?: {
      metrics?: {
        name?: string;
        gauge?: { dataPoints?: NumberPoint[] };
        sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
        histogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number };
        exponentialHistogram?: { dataPoints?: HistogramPoint[] };
        summary?: { dataPoints?: SummaryPoint[] };
      }[];
    }[];
  }[];
}

export interface MetricPoint {
  name: string;
  value: number;
  ts: number;
  labels: Record<string, string>;
}

const quantiles = [0.5, 0.95, 0.99] as const;

/** Previous cumulative points per series, to turn them into rates and windows; bounded. */
export class CumulativeState {
  readonly #last = new Map<string, { ts: number; value: number; counts?: number[]; sum?: number }>();
  constructor(private readonly max = 50_000) {}
  swap(key: string, next: { ts: number; value: number; counts?: number[]; sum?: number }) {
    const prev = this.#last.get(key);
    this.#last.delete(key);
    this.#last.set(key, next);
    if (this.#last.size > this.max) this.#last.delete(this.#last.keys().next().value!);
    return prev;
  }
}

export function otlpMetricPoints(req: OtlpMetricsRequest, nowMs: number, state: CumulativeState): { points: MetricPoint[]; rejected: number; reasons: string[] } {
  const points: MetricPoint[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const reject = (why: string) => {
    rejected++;
    if (reasons.length < 5 && !reasons.includes(why)) reasons.push(why);
  };
  const push = (name: string, value: number, ts: number, labels: Record<string, string>) => {
    if (Number.isFinite(value)) points.push({ name, value, ts, labels });
  };
    type RM = NonNullable<OtlpMetricsRequest['resourceMetrics']>[number];
  type SM = NonNullable<RM['scopeMetrics']>[number];
  type M = NonNullable<SM['metrics']>[number];
  for (const rm of list<RM>(req.resourceMetrics).filter(isObject)) {
    const service = serviceName(rm.resource);
    for (const sm of list<SM>(rm.scopeMetrics).filter(isObject)) {
      for (const m of list<M>(sm.metrics)) {
        const name = isObject(m) && typeof m.name === 'string' ? m.name : '';
        if (!name) {
          reject('a metric has no name');
          continue;
        }
        const labelsOf = (attrs: KeyValue[] | undefined) => ({ ...(service ? { service } : {}), ...attributeMap(attrs) });
        const keyOf = (labels: Record<string, string>) => `${name}\u0000${JSON.stringify(Object.entries(labels).sort())}`;
        const numberValue = (p: NumberPoint) => (typeof p.asDouble === 'number' ? p.asDouble : p.asInt !== undefined ? num(p.asInt) : NaN);
        if (isObject(m.gauge) || isObject(m.sum)) {
          const cumulativeCounter = isObject(m.sum) && m.sum.isMonotonic === true && m.sum.aggregationTemporality === CUMULATIVE;
          for (const p of list<NumberPoint>((isObject(m.gauge) ? m.gauge : m.sum)!.dataPoints).filter(isObject)) {
            const value = numberValue(p);
            if (!Number.isFinite(value)) {
              reject(`metric ${name}: a data point has no finite value`);
              continue;
            }
            const ts = nanosToMs(p.timeUnixNano) ?? nowMs;
            const labels = labelsOf(p.attributes);
            push(name, value, ts, labels);
            if (cumulativeCounter) {
              const prev = state.swap(keyOf(labels), { ts, value });
              if (prev && ts > prev.ts && value >= prev.value) push(`${name}.rate`, ((value - prev.value) * 1000) / (ts - prev.ts), ts, labels);
            }
          }
        } else if (isObject(m.histogram) || isObject(m.exponentialHistogram)) {
          const explicit = isObject(m.histogram);
          const cumulative = isObject(m.histogram) && m.histogram.aggregationTemporality === CUMULATIVE;
          for (const p of list<HistogramPoint>((isObject(m.histogram) ? m.histogram : m.exponentialHistogram)!.dataPoints).filter(isObject)) {
            const ts = nanosToMs(p.timeUnixNano) ?? nowMs;
            const labels = labelsOf(p.attributes);
            let count = num(p.count ?? 0);
            let sum = num(p.sum);
            let counts = list<unknown>(p.bucketCounts).map(num);
            const bounds = list<unknown>(p.explicitBounds).map(num);
            if (!Number.isFinite(count) || counts.some((c) => !Number.isFinite(c) || c < 0) || bounds.some((b) => !Number.isFinite(b)) || (counts.length && counts.length !== bounds.length + 1)) {
              reject(`metric ${name}: a histogram point has invalid counts or bounds`);
              continue;
            }
            if (cumulative) {
              const prev = state.swap(keyOf(labels), { ts, value: count, counts, sum });
              // A restart resets the counts: then what is there now is all since the restart.
              if (prev && count >= prev.value && prev.counts && prev.counts.length === counts.length) {
                counts = counts.map((c, i) => c - prev.counts![i]);
                sum -= prev.sum ?? 0;
                count -= prev.value;
              }
            }
            push(`${name}.count`, count, ts, labels);
            push(`${name}.sum`, sum, ts, labels);
            if (explicit && count > 0) {
              for (const q of quantiles) {
                const v = histogramQuantile(q, bounds, counts);
                if (v !== null) push(`${name}.p${Math.round(q * 100)}`, v, ts, labels);
              }
            }
          }
        } else if (isObject(m.summary)) {
          for (const p of list<SummaryPoint>(m.summary.dataPoints).filter(isObject)) {
            const ts = nanosToMs(p.timeUnixNano) ?? nowMs;
            const labels = labelsOf(p.attributes);
            push(`${name}.count`, num(p.count ?? 0), ts, labels);
            push(`${name}.sum`, num(p.sum), ts, labels);
            for (const qv of list<{ quantile?: number; value?: number }>(p.quantileValues).filter(isObject)) {
              if (typeof qv.quantile === 'number' && qv.quantile >= 0 && qv.quantile <= 1 && typeof qv.value === 'number') push(`${name}.p${+(qv.quantile * 100).toFixed(1)}`, qv.value, ts, labels);
            }
          }
        } else reject(`metric ${name}: no gauge, sum, histogram or summary data`);
      }
    }
  }
  return { points, rejected, reasons };
}
