// The daemon's own metrics, through the OpenTelemetry API with a Prometheus exporter that
// /metrics reads on demand. Instruments are created after the provider exists (instruments made
// before registration would stay no-ops), and the provider is per daemon, not process-global.
import { MeterProvider, type MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, UpDownCounter } from '@opentelemetry/api';

/** One observation of a gauge. */
export interface GaugeValue {
  value: number;
  attributes?: Attributes;
}

/** Bucket bounds in seconds: from a fast HTTP read to a slow stage run. */
const secondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface Telemetry {
  meter: Meter;
  ingestRows: Counter;
  ingestBytes: Counter;
  ingestRejected: Counter;
  httpRequests: Counter;
  httpDuration: Histogram;
  stageRuns: Counter;
  stageDuration: Histogram;
  inflight: UpDownCounter;
  /** Findings stored, by stage, kind and severity. */
  findings: Counter;
  /** Registers a gauge whose values are read (possibly from storage) at scrape or push time. */
  gauge(name: string, description: string, read: () => GaugeValue[] | Promise<GaugeValue[]>): ObservableGauge;
  /** Prometheus text exposition of every instrument. */
  scrape(): Promise<string>;
  /** Every instrument's current data points, for pushing to a collector (OTLP). */
  collect(): Promise<ResourceMetrics>;
  shutdown(): Promise<void>;
}

export function createTelemetry(opts: { extraReaders?: MetricReader[]; serviceName?: string } = {}): Telemetry {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? 'sidewatch' }),
    readers: [exporter, ...(opts.extraReaders ?? [])],
  });
  const meter = provider.getMeter('sidewatch');
  const serializer = new PrometheusSerializer();
  return {
    meter,
    ingestRows: meter.createCounter('sidewatch_ingest_rows', { description: 'Rows accepted by ingest endpoints' }),
    ingestBytes: meter.createCounter('sidewatch_ingest_bytes', { description: 'Request body bytes accepted by ingest endpoints', unit: 'By' }),
    ingestRejected: meter.createCounter('sidewatch_ingest_rejected_batches', { description: 'Ingest batches rejected (4xx/5xx)' }),
    httpRequests: meter.createCounter('sidewatch_http_requests', { description: 'HTTP requests served' }),
    httpDuration: meter.createHistogram('sidewatch_http_request_duration_seconds', { description: 'HTTP request duration', unit: 's', advice: { explicitBucketBoundaries: secondsBuckets } }),
    stageRuns: meter.createCounter('sidewatch_stage_runs', { description: 'Stage runs by stage and outcome' }),
    stageDuration: meter.createHistogram('sidewatch_stage_run_duration_seconds', { description: 'Stage run duration', unit: 's', advice: { explicitBucketBoundaries: secondsBuckets } }),
    inflight: meter.createUpDownCounter('sidewatch_ingest_inflight', { description: 'Ingest requests in flight' }),
    findings: meter.createCounter('sidewatch_findings', { description: 'Findings stored, by stage, kind and severity' }),
    gauge(name, description, read) {
      const g = meter.createObservableGauge(name, { description });
      g.addCallback(async (result) => {
        for (const o of await read()) result.observe(o.value, o.attributes);
      });
      return g;
    },
    async scrape() {
      const { resourceMetrics } = await exporter.collect();
      return serializer.serialize(resourceMetrics);
    },
    async collect() {
      const { resourceMetrics, errors } = await exporter.collect();
      if (errors.length) throw new Error(`collecting metrics failed: ${errors.map((e) => (e as Error).message ?? String(e)).join('; ')}`);
      return resourceMetrics;
    },
    shutdown: () => provider.shutdown(),
  };
}
