// Drains the outbox: each due message is sent through its channel; success marks it delivered,
// a retryable failure schedules another attempt with backoff, anything else marks it failed and
// reports the integration as broken (a bad token will not fix itself by retrying).
import type { Logger } from '../plugin-api/index.ts';
import type { AlertChannel, Notification, SendResult } from '../plugin-api/channel.ts';
import type { IntegrationConfig } from './config.ts';
import { backoffDelay, type BackoffOptions } from './retry.ts';
import type { AlertingStore, OutboxEntry } from '../storage/alert-store.ts';

export interface Integration {
  config: IntegrationConfig;
  channel: AlertChannel<unknown>;
}

export interface IntegrationStatus {
  id: string;
  receiver: string;
  channel: string;
  state: 'ok' | 'retrying' | 'failed';
  delivered: number;
  failed: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
}

/** The send stage: one attempt with a timeout; a throwing channel counts as a retryable failure. */
export async function sendOnce(integration: Integration, n: Notification, log: Logger, timeoutMs: number): Promise<SendResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const ctx = { config: integration.config.settings, log: log.child({ integration: integration.config.id }), signal: controller.signal, timeoutMs };
    const aborted = new Promise<SendResult>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve({ ok: false, error: (controller.signal.reason as Error).message, retryable: true }), { once: true }),
    );
    return await Promise.race([integration.channel.send(n, ctx), aborted]);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), retryable: true };
  } finally {
    clearTimeout(timer);
  }
}

export interface DeliveryOptions {
  store: AlertingStore;
  integrations: Map<string, Integration>;
  backoff: BackoffOptions;
  timeoutMs: number;
  log: Logger;
  clock: () => number;
  random?: () => number;
  /** Called when an integration fails in a way retrying cannot fix. */
  onPermanentFailure?: (status: IntegrationStatus, entry: OutboxEntry) => void | Promise<void>;
  stop?: AbortSignal;
}

export class OutboxDelivery {
  readonly #o: DeliveryOptions;
  readonly #status = new Map<string, IntegrationStatus>();

  constructor(opts: DeliveryOptions) {
    this.#o = opts;
    for (const [id, i] of opts.integrations) {
      this.#status.set(id, { id, receiver: i.config.receiver, channel: i.config.channel, state: 'ok', delivered: 0, failed: 0, lastError: null, lastErrorAt: null, lastSuccessAt: null });
    }
  }

  status(): IntegrationStatus[] {
    return [...this.#status.values()];
  }

  /** Sends every due message; integrations are drained in parallel, each in order. */
  async drain(): Promise<number> {
    const due = await this.#o.store.dueOutbox(this.#o.clock());
    const byIntegration = new Map<string, OutboxEntry[]>();
    for (const e of due) byIntegration.set(e.integration, [...(byIntegration.get(e.integration) ?? []), e]);
    const sent = await Promise.all([...byIntegration].map(([id, entries]) => this.#drainOne(id, entries)));
    return sent.reduce((a, b) => a + b, 0);
  }

  async #drainOne(id: string, entries: OutboxEntry[]): Promise<number> {
    const { store, log } = this.#o;
    const integration = this.#o.integrations.get(id);
    let delivered = 0;
    for (const entry of entries) {
      if (this.#o.stop?.aborted) break;
      const attempts = entry.attempts + 1;
      if (!integration) {
        await store.markFailed(entry.id, attempts, this.#o.clock(), `integration ${id} is no longer configured`);
        continue;
      }
      // A send in flight is not cut short by a stop: the message may already be out, and
      // abandoning it would send it again after the restart.
      const result = await sendOnce(integration, entry.notification, log, this.#o.timeoutMs);
      const now = this.#o.clock();
      const status = this.#status.get(id)!;
      if (result.ok) {
        await store.markDelivered(entry.id, attempts, now);
        Object.assign(status, { state: 'ok', delivered: status.delivered + 1, lastSuccessAt: new Date(now).toISOString() });
        delivered++;
        continue;
      }
      Object.assign(status, { lastError: result.error, lastErrorAt: new Date(now).toISOString() });
      if (result.retryable) {
        const next = now + backoffDelay(attempts, this.#o.backoff, this.#o.random ?? Math.random, result.retryAfterMs);
        await store.markRetry(entry.id, attempts, next, result.error);
        status.state = 'retrying';
        log.warn('alert delivery failed; will retry', { integration: id, attempt: attempts, error: result.error, retry_in_ms: next - now });
        // Keep this integration's messages in order: later ones wait for the next drain.
        break;
      }
      await store.markFailed(entry.id, attempts, now, result.error);
      Object.assign(status, { state: 'failed', failed: status.failed + 1 });
      log.error('alert delivery failed permanently', { integration: id, error: result.error });
      await this.#o.onPermanentFailure?.({ ...status }, entry);
    }
    return delivered;
  }
}
