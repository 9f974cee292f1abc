// Pulls model servers' /metrics on a schedule, as Prometheus or Telegraf would: each target on
// its own timer, never two scrapes of one target at once, a bounded body and a timeout. A failed
// scrape stores `scrape.up = 0` and, when the target was fine before, a finding; it never stops
// the other targets.
import type { Counter } from '@opentelemetry/api';
import type { Runtime } from '../runtime.ts';
import { storeFindings } from '../storage/finding-store.ts';
import { parseExposition } from '../../lib/prometheus/exposition.ts';
import { ScrapeConverter } from '../../lib/prometheus/to-points.ts';
import { namePattern } from '../ingest/fields.ts';
import type { PrometheusTarget } from './config.ts';

const accept = 'application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface TargetStatus {
  name: string;
  url: string;
  up: boolean | null;
  lastScrape: string | null;
  lastError: string | null;
  lastSamples: number;
  failures: number;
}

class Target {
  readonly converter = new ScrapeConverter();
  running: Promise<void> | null = null;
  timer: NodeJS.Timeout | null = null;
  status: TargetStatus;
  constructor(readonly t: PrometheusTarget) {
    this.status = { name: t.name, url: t.url, up: null, lastScrape: null, lastError: null, lastSamples: 0, failures: 0 };
  }
}

export class PrometheusScraper {
  readonly #targets: Target[];
  readonly #failures: Counter;
  constructor(
    private readonly rt: Runtime,
    targets: readonly PrometheusTarget[],
  ) {
    this.#targets = targets.map((t) => new Target(t));
    this.#failures = rt.telemetry.meter.createCounter('sidewatch_scrape_failures', { description: 'Failed scrapes of inputs.prometheus targets (refused, timed out, too large, unparsable), by target' });
  }

  get statuses(): TargetStatus[] {
    return this.#targets.map((t) => ({ ...t.status }));
  }

  start(): void {
    for (const t of this.#targets) {
      const tick = () => void this.scrape(t.t.name);
      t.timer = setInterval(tick, t.t.every);
      t.timer.unref();
      tick();
    }
  }

  /** Stops the timers and waits for scrapes in flight, so none writes after storage closes. */
  async stop(): Promise<void> {
    for (const t of this.#targets) if (t.timer) clearInterval(t.timer);
    await Promise.allSettled(this.#targets.map((t) => t.running));
  }

  /** One scrape of the named target; skipped while the previous one still runs. */
  scrape(name: string): Promise<void> {
    const t = this.#targets.find((x) => x.t.name === name);
    if (!t) return Promise.resolve();
    t.running ??= this.#scrape(t).finally(() => (t.running = null));
    return t.running;
  }

  async #scrape(t: Target): Promise<void> {
    const started = this.rt.clock();
    const labels = { job: t.t.name, ...t.t.labels };
    try {
      const text = await fetchBounded(t.t, Math.min(t.t.timeout ?? t.t.every, 60_000));
      const points = t.converter.convert(parseExposition(text), started, labels).filter((p) => namePattern.test(p.name));
      const seconds = (this.rt.clock() - started) / 1000;
      points.push({ name: 'scrape.up', value: 1, ts: started, labels }, { name: 'scrape.duration_seconds', value: seconds, ts: started, labels }, { name: 'scrape.samples', value: points.length, ts: started, labels });
      await this.rt.ingest.metrics(points, started);
      if (t.status.up === false) this.rt.log.info('prometheus target is back', { target: t.t.name });
      t.status = { ...t.status, up: true, lastScrape: new Date(started).toISOString(), lastError: null, lastSamples: points.length - 3 };
    } catch (e) {
      const reason = (e as Error).message;
      const wasUp = t.status.up !== false;
      this.#failures.add(1, { target: t.t.name });
      t.status = { ...t.status, up: false, lastScrape: new Date(started).toISOString(), lastError: reason, failures: t.status.failures + 1 };
      await this.#failed(t, reason, wasUp, started, labels).catch((err: Error) => this.rt.log.error('could not record a failed scrape', { target: t.t.name, error: err.message }));
    }
  }

  async #failed(t: Target, reason: string, wasUp: boolean, nowMs: number, labels: Record<string, string>): Promise<void> {
    this.rt.log.warn('prometheus scrape failed', { target: t.t.name, url: t.t.url, error: reason });
    await this.rt.ingest.metrics([{ name: 'scrape.up', value: 0, ts: nowMs, labels }], nowMs);
    if (!wasUp) return;
    const stored = await storeFindings(this.rt.storage, 'inputs', null, nowMs, [
      {
        kind: 'inputs.scrape_failed',
        severity: 'warning',
        summary: `scraping ${t.t.name} (${t.t.url}) failed: ${reason}`,
        labels: { target: t.t.name, ...t.t.labels },
        details: { url: t.t.url, error: reason },
      },
    ]);
    for (const l of this.rt.findingListeners) await l(stored);
  }
}

/** The body as text, refused when it takes longer than `timeoutMs` or grows past `max_bytes`. */
async function fetchBounded(t: PrometheusTarget, timeoutMs: number): Promise<string> {
  const headers: Record<string, string> = { accept };
  if (t.bearer_token) headers.authorization = `Bearer ${t.bearer_token}`;
  let res: Response;
  try {
    res = await fetch(t.url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') throw new Error(`no answer within ${timeoutMs} ms`);
    throw new Error(err.cause?.code ?? err.cause?.message ?? err.message);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > t.max_bytes) {
        await reader.cancel();
        throw new Error(`the body is larger than ${t.max_bytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw new Error(`no answer within ${timeoutMs} ms`);
    throw e;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new Error('the body is not valid UTF-8');
  }
}
