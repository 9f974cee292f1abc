// The contract between the alert manager and its channel plugins (plugins/<name>/index.ts whose
// default export has `send`). A channel only formats and delivers one notification and says
// whether a failure is worth retrying; retries, backoff, dedup and persistence live in the core.
import type { z } from 'zod';
import type { Logger, Severity } from './index.ts';

export type AlertStatus = 'firing' | 'resolved';

/** One alert as a channel sees it: already rendered, so every channel says the same thing. */
export interface NotificationAlert {
  fingerprint: string;
  status: AlertStatus;
  /** The rule's name (or the finding kind when no rules are configured). */
  alertname: string;
  severity: Severity | string;
  /** What is wrong, in one line. */
  summary: string;
  description?: string;
  /** Where: `model=churn feature=age` style pairs from the identifying labels. */
  where: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO-8601: when the condition was first seen, and when it ended (resolved only). */
  startsAt: string;
  endsAt: string | null;
  /** Link to the dashboard that shows the affected model or service. */
  dashboardUrl: string;
  /** Link to the stage run that found it. */
  runUrl: string | null;
}

export interface Notification {
  receiver: string;
  /** `resolved` only when every alert in it is resolved. */
  status: AlertStatus;
  groupKey: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: NotificationAlert[];
  /** Base URL of the daemon (server.public_url or the listen address). */
  externalUrl: string;
  /** True for a message sent by POST /v1/channels/{name}/test. */
  test?: boolean;
}

export interface ChannelContext<C = unknown> {
  /** The integration's own validated settings. */
  config: C;
  log: Logger;
  /** Aborted when the send times out or the daemon stops. */
  signal: AbortSignal;
  timeoutMs: number;
}

export type SendResult = { ok: true; id?: string } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

export interface AlertChannel<C = unknown> {
  /** The key under a receiver and the folder name under plugins/. */
  name: string;
  description: string;
  configSchema: z.ZodType<C>;
  send(notification: Notification, ctx: ChannelContext<C>): Promise<SendResult>;
}

/** Identity function that keeps the channel's config type attached. */
export function defineChannel<C>(channel: AlertChannel<C>): AlertChannel<C> {
  return channel;
}

export function isAlertChannel(v: unknown): v is AlertChannel<unknown> {
  const c = v as Partial<AlertChannel<unknown>> | null;
  return !!c && typeof c.send === 'function' && typeof c.name === 'string' && !!c.configSchema && typeof (c.configSchema as { safeParse?: unknown }).safeParse === 'function';
}
