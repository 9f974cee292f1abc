// The OpenTelemetry receiver (OTLP/HTTP, protobuf or JSON, gzip allowed): logs become log rows,
// metrics become metric points, traces become per-service request rate, error rate and latency
// series plus the service call graph. Records that cannot be stored are counted in OTLP's
// partial-success answer; the rest commit through the one Ingest path before the 200.
import type { Runtime } from '../runtime.ts';
import { BatchRejected } from '../ingest/errors.ts';
import { namePattern } from '../ingest/fields.ts';
import { maxMessageLength } from '../ingest/logs.ts';
import { otlpLogRows, type OtlpLogsRequest } from '../../lib/otlp/logs.ts';
import { CumulativeState, otlpMetricPoints, type OtlpMetricsRequest, type MetricPoint } from '../../lib/otlp/metrics.ts';
import { CallGraphBuilder, SpanWindows, spanFacts, type OtlpTracesRequest } from '../../lib/otlp/spans.ts';
import { decodeOtlp, encodeResponse, inflate, isProtobuf, type OtlpSignal } from './otlp-decode.ts';
import type { OtlpSettings } from './config.ts';

export interface OtlpAnswer {
  contentType: string;
  body: Uint8Array | string;
  rows: number;
}

const rejectedField: Record<OtlpSignal, string> = { logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints', traces: 'rejectedSpans' };
const maxRecords = 500_000;

export class OtlpReceiver {
  readonly #cumulative = new CumulativeState();
  readonly #graph = new CallGraphBuilder();
  readonly windows: SpanWindows;

  constructor(
    private readonly rt: Runtime,
    s: OtlpSettings,
  ) {
    this.windows = new SpanWindows(s.span_window, s.max_open_windows);
  }

  async receive(signal: OtlpSignal, headers: Record<string, string>, body: Uint8Array, nowMs: number): Promise<OtlpAnswer> {
    const contentType = headers['content-type'];
    const bytes = inflate(body, headers['content-encoding'], Math.floor(this.rt.config.server.body_limit_mb * 1024 * 1024));
    const req = decodeOtlp(signal, contentType, bytes);
    const { stored, rejected, reasons } = await this.#store(signal, req, nowMs);
    const partial = rejected ? { partialSuccess: { [rejectedField[signal]]: rejected, errorMessage: reasons.join('; ') } } : {};
    if (isProtobuf(contentType)) return { contentType: 'application/x-protobuf', body: encodeResponse(signal, partial), rows: stored };
    return { contentType: 'application/json', body: JSON.stringify(partial), rows: stored };
  }

  /** Stores span-metric windows that have closed (all of them at shutdown). */
  async flushWindows(nowMs: number, all = false): Promise<number> {
    const points = this.windows.flush(nowMs, all);
    return points.length ? this.rt.ingest.metrics(points, nowMs) : 0;
  }

  async #store(signal: OtlpSignal, req: Record<string, unknown>, nowMs: number): Promise<{ stored: number; rejected: number; reasons: string[] }> {
    if (signal === 'logs') {
      const { rows, rejected, reasons } = otlpLogRows(req as OtlpLogsRequest, nowMs);
      tooMany(rows.length, 'log records');
      let dropped = 0;
      const kept = rows.filter((r) => r.message.length <= maxMessageLength || (dropped++, false));
      if (dropped) reasons.push(`${dropped} log record(s) longer than ${maxMessageLength} characters`);
      const stored = kept.length ? await this.rt.ingest.logs(kept.map((r) => ({ ...r, templateId: null })), nowMs) : 0;
      return { stored, rejected: rejected + dropped, reasons };
    }
    if (signal === 'metrics') {
      const { points, rejected, reasons } = otlpMetricPoints(req as OtlpMetricsRequest, nowMs, this.#cumulative);
      tooMany(points.length, 'data points');
      const ok: MetricPoint[] = [];
      let badNames = 0;
      for (const p of points) (namePattern.test(p.name) ? ok.push(p) : badNames++);
      if (badNames) reasons.push(`${badNames} point(s) with a metric name outside [A-Za-z0-9_.:/@-]{1,128}`);
      const stored = ok.length ? await this.rt.ingest.metrics(ok, nowMs) : 0;
      return { stored, rejected: rejected + badNames, reasons };
    }
    const { spans, rejected, reasons } = spanFacts(req as OtlpTracesRequest, nowMs);
    tooMany(spans.length, 'spans');
    const calls = this.#graph.add(spans, nowMs);
    if (calls.length) await this.rt.ingest.serviceCalls(calls);
    this.windows.add(spans, nowMs);
    return { stored: spans.length, rejected, reasons };
  }
}

function tooMany(n: number, what: string): void {
  if (n > maxRecords) throw new BatchRejected(`the request has ${n} ${what}; the limit is ${maxRecords}`, [], 413);
}
