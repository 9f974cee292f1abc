// Traces for ingest requests and stage runs. The provider belongs to one daemon (never the
// global one); spans go to an OTLP/HTTP collector when `telemetry.otlp.traces_endpoint` is set,
// and to any extra exporters a test or an embedding passes in.
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Tracer } from '@opentelemetry/api';

export interface Tracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

export async function createTracing(opts: { otlpEndpoint?: string; headers?: Record<string, string>; exporters?: SpanExporter[]; serviceName?: string } = {}): Promise<Tracing> {
  const processors: SpanProcessor[] = [];
  if (opts.otlpEndpoint) {
    // The OTLP exporter is loaded only when traces go to a collector (it costs start-up time).
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: opts.otlpEndpoint, headers: opts.headers })));
  }
  // Exporters passed in (tests) see every span at once, in order.
  for (const e of opts.exporters ?? []) processors.push(new SimpleSpanProcessor(e));
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? 'sidewatch' }), spanProcessors: processors });
  return {
    tracer: provider.getTracer('sidewatch'),
    shutdown: () => provider.shutdown(),
  };
}
