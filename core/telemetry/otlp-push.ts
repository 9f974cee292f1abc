// Pushes the daemon's metrics to an OpenTelemetry collector over OTLP/HTTP on a fixed interval.
// The same instruments feed /metrics; each push exports what a scrape would see (cumulative).
// A failed push is logged and retried at the next tick: it never stops the loop.
import type { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import type { Logger } from '../plugin-api/index.ts';
import type { Telemetry } from './metrics.ts';

export interface OtlpSettings {
  endpoint: string;
  intervalMs: number;
  timeoutMs: number;
  headers: Record<string, string>;
}

export class OtlpPusher {
  #exporter: Promise<OTLPMetricExporter> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #pushing: Promise<void> | null = null;
  pushes = 0;
  failures = 0;
  lastError: string | null = null;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly settings: OtlpSettings,
    private readonly log: Logger,
  ) {
  }

  /** The exporter, loaded with the first push rather than at start-up. */
  #exporterNow(): Promise<OTLPMetricExporter> {
    const s = this.settings;
    return (this.#exporter ??= import('@opentelemetry/exporter-metrics-otlp-http').then((m) => new m.OTLPMetricExporter({ url: s.endpoint, headers: s.headers, timeoutMillis: s.timeoutMs })));
  }

  start(): void {
    this.#timer = setInterval(() => void this.push(), this.settings.intervalMs);
    this.#timer.unref();
  }

  /** One export now; resolves when the collector answered (or the push failed). */
  push(): Promise<void> {
    this.#pushing ??= this.#pushOnce().finally(() => (this.#pushing = null));
    return this.#pushing;
  }

  async #pushOnce(): Promise<void> {
    try {
      const metrics = await this.telemetry.collect();
      const exporter = await this.#exporterNow();
      const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(metrics, resolve));
      // ExportResultCode.SUCCESS is 0 (@opentelemetry/core is not a direct dependency).
      if (result.code !== 0) throw result.error ?? new Error('collector refused the export');
      this.pushes++;
      this.lastError = null;
    } catch (e) {
      this.failures++;
      this.lastError = (e as Error).message;
      this.log.warn('OTLP metrics push failed; retrying at the next interval', { endpoint: this.settings.endpoint, error: this.lastError });
    }
  }

  /** Stops the timer and sends a last push so that the final figures reach the collector. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.push();
    await (await this.#exporter)?.shutdown().catch(() => undefined);
  }
}
