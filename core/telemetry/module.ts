// Telemetry beyond the core counters: gauges read from storage (drift per model and feature,
// alerts by state, predictions per model), a findings counter, and an optional OTLP/HTTP push
// of every metric to a collector (config section `telemetry`).
import { z } from 'zod';
import { duration } from '../plugin-api/index.ts';
import type { FeatureModule } from '../runtime.ts';
import { registerStoreGauges } from './store-gauges.ts';
import { OtlpPusher } from './otlp-push.ts';

export const telemetryConfigSchema = z
  .object({
    otlp: z
      .object({
        /** Full OTLP/HTTP metrics URL of a collector, e.g. http://otel-collector:4318/v1/metrics. */
        endpoint: z.string().url(),
        /** Full OTLP/HTTP traces URL (spans of ingest requests and stage runs), e.g. http://otel-collector:4318/v1/traces. */
        traces_endpoint: z.string().url().optional(),
        interval: duration.default(30_000),
        timeout: duration.default(10_000),
        /** Extra request headers (an API key for a hosted collector, via ${ENV}). */
        headers: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

/** A new module per daemon: the OTLP pusher it starts belongs to that daemon alone. */
export function telemetryModule(): FeatureModule & { pusher(): OtlpPusher | null } {
  let pusher: OtlpPusher | null = null;
  return {
    name: 'telemetry',
    configSection: 'telemetry',
    configSchema: telemetryConfigSchema as z.ZodType<unknown>,
    pusher: () => pusher,
    init(rt) {
      registerStoreGauges(rt);
      rt.findingListeners.push((findings) => {
        for (const f of findings) rt.telemetry.findings.add(1, { stage: f.stage, kind: f.kind, severity: f.severity });
      });
      const cfg = (rt.loaded.sections.telemetry ?? {}) as TelemetryConfig;
      if (cfg.otlp) {
        const p = new OtlpPusher(rt.telemetry, { endpoint: cfg.otlp.endpoint, intervalMs: cfg.otlp.interval, timeoutMs: cfg.otlp.timeout, headers: cfg.otlp.headers }, rt.log);
        pusher = p;
        rt.readiness.set('otlp', () => ({ ok: p.lastError === null, detail: p.lastError ?? `${p.pushes} pushes to ${cfg.otlp!.endpoint}` }));
      }
    },
    start() {
      pusher?.start();
    },
    async stop() {
      await pusher?.stop();
    },
  };
}
