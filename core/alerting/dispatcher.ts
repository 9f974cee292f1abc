// Aggregation groups and their timers, Alertmanager's way: a new group waits `group_wait`
// before its first notification, then is looked at every `group_interval`; whether anything is
// actually sent is the dedup stage's call. Time is passed in, so tests drive it explicitly.
import type { Alert } from './alert.ts';
import { groupLabels, matchRoutes, type Route } from './routing.ts';
import type { Labels } from './labels.ts';

export interface AggregationGroup {
  key: string;
  route: Route;
  labels: Labels;
  alerts: Map<string, Alert>;
  nextFlushAt: number;
}

function stableLabels(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export class Dispatcher {
  readonly #root: Route;
  readonly #groups = new Map<string, AggregationGroup>();

  constructor(root: Route) {
    this.#root = root;
  }

  /** Adds or updates firing and resolved alerts in every group their routes lead to. */
  put(alerts: Alert[], now: number): void {
    for (const alert of alerts) {
      if (alert.state !== 'firing' && alert.state !== 'resolved') continue;
      for (const route of matchRoutes(this.#root, alert.labels)) {
        const labels = groupLabels(route, alert.labels);
        const key = `${route.id}:${stableLabels(labels)}`;
        let group = this.#groups.get(key);
        if (!group) {
          // A resolved alert may open a group (after a restart); dedup sends it only when
          // its firing was notified.
          group = { key, route, labels, alerts: new Map(), nextFlushAt: now + route.groupWait };
          this.#groups.set(key, group);
        }
        group.alerts.set(alert.fingerprint, alert);
      }
    }
  }

  /** Groups whose timer has expired at `now`. */
  due(now: number): AggregationGroup[] {
    return [...this.#groups.values()].filter((g) => g.nextFlushAt <= now);
  }

  groups(): AggregationGroup[] {
    return [...this.#groups.values()];
  }

  /** After a flush: re-arm the timer and drop resolved alerts that did not change meanwhile. */
  flushed(group: AggregationGroup, flushedAlerts: Alert[], now: number): void {
    group.nextFlushAt = now + group.route.groupInterval;
    for (const a of flushedAlerts) {
      const current = group.alerts.get(a.fingerprint);
      if (current && current.state === 'resolved' && current.updatedAt === a.updatedAt) group.alerts.delete(a.fingerprint);
    }
    if (group.alerts.size === 0) this.#groups.delete(group.key);
  }

  /** The earliest time any group wants to be flushed, for scheduling. */
  nextDue(): number | null {
    let min: number | null = null;
    for (const g of this.#groups.values()) if (min === null || g.nextFlushAt < min) min = g.nextFlushAt;
    return min;
  }
}
