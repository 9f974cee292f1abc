// What happens to a group's alerts at each flush, per integration, as small stages:
// mute (silences, inhibition) → dedup (notification log) → enqueue (log + outbox, one commit).
// Retry and send happen when the outbox is drained (delivery.ts).
import type { Alert } from './alert.ts';
import type { IntegrationConfig } from './config.ts';
import type { Notification } from '../plugin-api/channel.ts';
import { needsUpdate, type NflogEntry } from './nflog.ts';

export interface FlushContext {
  now: number;
  groupKey: string;
  integration: IntegrationConfig;
  repeatIntervalMs: number;
}

/** One step: returns the alerts that go on; an empty list ends the flush for this integration. */
export type NotifyStage = (ctx: FlushContext, alerts: Alert[]) => Promise<Alert[]>;

export function pipeline(...stages: NotifyStage[]): NotifyStage {
  return async (ctx, alerts) => {
    let current = alerts;
    for (const stage of stages) {
      if (!current.length) return current;
      current = await stage(ctx, current);
    }
    return current;
  };
}

export function muteStage(isMuted: (alert: Alert, now: number) => boolean): NotifyStage {
  return async (ctx, alerts) => alerts.filter((a) => !isMuted(a, ctx.now));
}

export function dedupStage(entryFor: (integration: string, groupKey: string) => NflogEntry | undefined): NotifyStage {
  return async (ctx, alerts) => {
    const firing = new Set(alerts.filter((a) => a.state === 'firing').map((a) => a.fingerprint));
    const resolved = new Set(alerts.filter((a) => a.state === 'resolved').map((a) => a.fingerprint));
    const entry = entryFor(ctx.integration.id, ctx.groupKey);
    return needsUpdate(entry, firing, resolved, ctx.integration.sendResolved, ctx.repeatIntervalMs, ctx.now) ? alerts : [];
  };
}

export interface EnqueueTarget {
  build(ctx: FlushContext, alerts: Alert[]): Notification;
  record(integration: string, groupKey: string, entry: NflogEntry, notification: Notification | null, now: number): Promise<unknown>;
}

/** Logs what the integration is told and queues it; resolved alerts only with send_resolved. */
export function enqueueStage(target: EnqueueTarget): NotifyStage {
  return async (ctx, alerts) => {
    const firing = alerts.filter((a) => a.state === 'firing');
    const resolved = alerts.filter((a) => a.state === 'resolved');
    const toSend = ctx.integration.sendResolved ? alerts : firing;
    const entry: NflogEntry = { firing: firing.map((a) => a.fingerprint), resolved: resolved.map((a) => a.fingerprint), sentAt: ctx.now };
    await target.record(ctx.integration.id, ctx.groupKey, entry, toSend.length ? target.build(ctx, toSend) : null, ctx.now);
    return toSend;
  };
}
