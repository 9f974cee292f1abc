// A webhook receiver on 127.0.0.1 for crash tests: it records every notification that reaches
// it and, per alert group, either accepts it (200), refuses it (503, so it stays in the outbox)
// or holds the request open without answering (a send in flight when the daemon dies).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type InboxMode = 'accept' | 'refuse' | 'hold';

export interface Arrival {
  /** The `model` group label: one alert group per model in these tests. */
  group: string;
  status: string;
  at: number;
  answer: 'accepted' | 'refused' | 'held';
}

interface Waiter {
  group: string;
  resolve: () => void;
}

export class WebhookInbox {
  readonly arrivals: Arrival[] = [];
  readonly #modes = new Map<string, InboxMode>();
  readonly #held = new Set<ServerResponse>();
  #waiters: Waiter[] = [];
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** How notifications of groups without a mode of their own are answered (an outage: 'refuse'). */
  defaultMode: InboxMode = 'accept';

  /** How notifications of `group` are answered until `reset()`. */
  setMode(group: string, mode: InboxMode): void {
    this.#modes.set(group, mode);
  }

  /** After a kill: every group is accepted again and held requests are dropped. */
  reset(): void {
    this.#modes.clear();
    for (const res of this.#held) res.destroy();
    this.#held.clear();
  }

  /** Resolves once a notification of `group` arrives (now or later), or rejects after `ms`. */
  waitForArrival(group: string, ms: number): Promise<void> {
    if (this.arrivals.some((a) => a.group === group)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { group, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no notification for alert group ${group} reached the webhook within ${ms} ms`));
      }, ms);
      this.#waiters.push(waiter);
    });
  }

  accepted(group: string): number {
    return this.arrivals.filter((a) => a.group === group && a.answer === 'accepted').length;
  }

  async close(): Promise<void> {
    this.reset();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: { status?: string; groupLabels?: Record<string, string> };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const group = body.groupLabels?.model ?? '(no model label)';
    const mode = this.#modes.get(group) ?? this.defaultMode;
    const answer = mode === 'accept' ? 'accepted' : mode === 'refuse' ? 'refused' : 'held';
    this.arrivals.push({ group, status: body.status ?? '(none)', at: Date.now(), answer });
    if (mode === 'accept') res.writeHead(200).end('ok');
    else if (mode === 'refuse') res.writeHead(503).end('down for the test');
    else this.#held.add(res);
    const ready = this.#waiters.filter((w) => w.group === group);
    this.#waiters = this.#waiters.filter((w) => w.group !== group);
    for (const w of ready) w.resolve();
  }
}
