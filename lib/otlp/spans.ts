// OTLP spans → what operators watch and what root-cause ranking needs: per service, request rate,
// error rate and latency quantiles over fixed windows, and the service call graph (the service of
// a span's parent → the span's service). Services export their spans separately, so a parent is
// often in another request: recent span ids are remembered (bounded), and a child whose parent
// has not been seen yet waits a while for it.
import { hexId, isObject, list, nanosToMs, serviceName, type Nanos, type Resource } from './model.ts';
import type { MetricPoint } from './metrics.ts';
import { quantileSorted } from '../robust/quantile.ts';

export interface OtlpTracesRequest {
  resourceSpans?: {
    resource?: Resource;
    scopeSpans?: {
      spans?: {
        traceId?: string;
        spanId?: string;
        parentSpanId?: string;
        name?: string;
        kind?: number;
        startTimeUnixNano?: Nanos;
        endTimeUnixNano?: Nanos;
        status?: { code?: number };
      }[];
    }[];
  }[];
}

export interface SpanFact {
  service: string;
  spanId: string;
  parentSpanId: string | null;
  kind: number;
  startMs: number;
  durationMs: number;
  error: boolean;
}

/** OTLP's SpanKind: 2 server, 5 consumer; StatusCode 2 error. */
const SERVER = 2;
const CONSUMER = 5;
const STATUS_ERROR = 2;

export function spanFacts(req: OtlpTracesRequest, nowMs: number): { spans: SpanFact[]; rejected: number; reasons: string[] } {
  const spans: SpanFact[] = [];
  const reasons: string[] = [];
  let rejected = 0;
    type RS = NonNullable<OtlpTracesRequest['resourceSpans']>[number];
  type SS = NonNullable<RS['scopeSpans']>[number];
  type S = NonNullable<SS['spans']>[number];
  for (const rs of list<RS>(req.resourceSpans).filter(isObject)) {
    const service = (serviceName(rs.resource) ?? 'unknown_service').slice(0, 256);
    for (const ss of list<SS>(rs.scopeSpans).filter(isObject)) {
      for (const s of list<S>(ss.spans)) {
        const spanId = isObject(s) ? hexId(s.spanId) : null;
        if (!spanId) {
          rejected++;
          if (reasons.length < 5) reasons.push('a span has no spanId');
          continue;
        }
        const start = nanosToMs(s.startTimeUnixNano) ?? nowMs;
        const end = nanosToMs(s.endTimeUnixNano) ?? start;
        const status = isObject(s.status) ? s.status : {};
        spans.push({ service, spanId, parentSpanId: hexId(s.parentSpanId), kind: typeof s.kind === 'number' ? s.kind : 0, startMs: start, durationMs: Math.max(0, end - start), error: (status as { code?: unknown }).code === STATUS_ERROR });
      }
    }
  }
  return { spans, rejected, reasons };
}

export interface ServiceCall {
  parent: string;
  child: string;
  calls: number;
  errors: number;
  ts: number;
}

export class CallGraphBuilder {
  readonly #serviceOf = new Map<string, string>();
  #waiting: { span: SpanFact; since: number }[] = [];
  constructor(
    private readonly maxSpans = 200_000,
    private readonly maxWaiting = 50_000,
    private readonly waitMs = 120_000,
  ) {}

  /** Calls between services these spans (and earlier children now resolved) show. */
  add(spans: readonly SpanFact[], nowMs: number): ServiceCall[] {
    for (const s of spans) {
      this.#serviceOf.delete(s.spanId);
      this.#serviceOf.set(s.spanId, s.service);
    }
    while (this.#serviceOf.size > this.maxSpans) this.#serviceOf.delete(this.#serviceOf.keys().next().value!);
    const calls = new Map<string, ServiceCall>();
    const stillWaiting: { span: SpanFact; since: number }[] = [];
    const consider = (span: SpanFact, since: number) => {
      if (!span.parentSpanId) return;
      const parent = this.#serviceOf.get(span.parentSpanId);
      if (parent === undefined) {
        if (nowMs - since <= this.waitMs) stillWaiting.push({ span, since });
        return;
      }
      if (parent === span.service) return;
      const key = `${parent}\u0000${span.service}`;
      const c = calls.get(key) ?? { parent, child: span.service, calls: 0, errors: 0, ts: span.startMs };
      c.calls++;
      if (span.error) c.errors++;
      c.ts = Math.max(c.ts, span.startMs);
      calls.set(key, c);
    };
    for (const w of this.#waiting) consider(w.span, w.since);
    for (const s of spans) consider(s, nowMs);
    this.#waiting = stillWaiting.length > this.maxWaiting ? stillWaiting.slice(-this.maxWaiting) : stillWaiting;
    return [...calls.values()];
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}

interface Window {
  service: string;
  start: number;
  /** When its last span arrived (epoch ms). */
  lastAdd: number;
  requests: number;
  errors: number;
  durations: number[];
}

/**
 * Request rate, error rate and latency quantiles per service over fixed windows of the spans'
 * start times, from its entry spans (server or consumer kind, or a trace's root). A window is
 * written once it has been closed for one more window's length and no span has arrived for it
 * for one window's length: spans that arrive late (an exporter sending one request per span, a
 * backlog) still count in their window instead of splitting it into two points.
 */
export class SpanWindows {
  readonly #open = new Map<string, Window>();
  dropped = 0;
  constructor(
    private readonly windowMs: number,
    private readonly maxOpen = 10_000,
    private readonly maxDurations = 100_000,
  ) {}

  get open(): number {
    return this.#open.size;
  }

  add(spans: readonly SpanFact[], nowMs: number): void {
    for (const s of spans) {
      if (!(s.kind === SERVER || s.kind === CONSUMER || s.parentSpanId === null)) continue;
      const start = Math.floor(s.startMs / this.windowMs) * this.windowMs;
      const key = `${s.service}\u0000${start}`;
      let w = this.#open.get(key);
      if (!w) {
        if (this.#open.size >= this.maxOpen) {
          this.dropped++;
          continue;
        }
        w = { service: s.service, start, lastAdd: nowMs, requests: 0, errors: 0, durations: [] };
        this.#open.set(key, w);
      }
      w.lastAdd = nowMs;
      w.requests++;
      if (s.error) w.errors++;
      if (w.durations.length < this.maxDurations) w.durations.push(s.durationMs);
    }
  }

  /** Points of the windows closed by `nowMs` (every window when `all`), removed from memory. */
  flush(nowMs: number, all = false): MetricPoint[] {
    const out: MetricPoint[] = [];
    for (const [key, w] of this.#open) {
      if (!all && (w.start + 2 * this.windowMs > nowMs || w.lastAdd + this.windowMs > nowMs)) continue;
      this.#open.delete(key);
      const labels = { service: w.service };
      const ts = w.start;
      out.push({ name: 'service.requests_per_second', value: (w.requests * 1000) / this.windowMs, ts, labels });
      out.push({ name: 'service.error_rate', value: w.errors / w.requests, ts, labels });
      const d = Float64Array.from(w.durations).sort();
      for (const q of [50, 95, 99]) out.push({ name: `service.latency_p${q}_ms`, value: quantileSorted(d, q / 100), ts, labels });
    }
    return out;
  }
}
