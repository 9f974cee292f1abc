// The daemon's own metrics, through the OpenTelemetry API with a Prometheus exporter that
// /metrics reads on demand. Instruments are created after the provider exists (instruments made
// before registration would stay no-ops), and the provider is per daemon, not process-global.
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, UpDownCounter } from '@opentelemetry/api';

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
  /** Registers a gauge whose value is read at scrape time. */
  gauge(name: string, description: string, read: () => { value: number; attributes?: Attributes }[]): ObservableGauge;
  /** Prometheus text exposition of every instrument. */
  scrape(): Promise<string>;
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
    httpDuration: meter.createHistogram('sidewatch_http_request_duration_seconds', { description: 'HTTP request duration', unit: 's' }),
    stageRuns: meter.createCounter('sidewatch_stage_runs', { description: 'Stage runs by stage and outcome' }),
    stageDuration: meter.createHistogram('sidewatch_stage_run_duration_seconds', { description: 'Stage run duration', unit: 's' }),
    inflight: meter.createUpDownCounter('sidewatch_ingest_inflight', { description: 'Ingest requests in flight' }),
    gauge(name, description, read) {
      const g = meter.createObservableGauge(name, { description });
      g.addCallback((result) => {
        for (const o of read()) result.observe(o.value, o.attributes);
      });
      return g;
    },
    async scrape() {
      const { resourceMetrics } = await exporter.collect();
      return serializer.serialize(resourceMetrics);
    },
    shutdown: () => provider.shutdown(),
  };
}
