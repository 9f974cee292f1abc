// Predictions per model version over the last day, kept at ingest in one-minute buckets so that
// the registry's 24-hour traffic shares need no scan of the prediction table. Only the minute a
// window starts in is partly inside it; the caller counts that one from the rows (a scan the
// table's time zone maps keep to a few row groups). The buckets know how far back they are
// complete: asked for more, they answer null and the caller counts from the rows.
import type { ModelColumns } from './prediction-batch.ts';

const minuteMs = 60_000;
/** How far back a table's buckets are filled when it is loaded: a little over a day. */
export const recentTrafficLoadMs = 25 * 3_600_000;
/** Buckets this long before the oldest window asked for are dropped. */
const slackMs = 3_600_000;

interface ModelTraffic {
  /** Rows with a timestamp at or after this are all in the buckets (epoch ms). */
  completeFromMs: number;
  /** version (null: unversioned) → minute (epoch ms / 60,000) → predictions. */
  byVersion: Map<string | null, Map<number, number>>;
}

export interface RecentCounts {
  /** Predictions per version from the end of the first minute on. */
  counts: Map<string | null, number>;
  /** The end (exclusive, epoch ms) of the minute the window starts in: rows in [since, firstMinuteEnd) are not counted. */
  firstMinuteEnd: number;
}

export class RecentTraffic {
  readonly #models = new Map<string, ModelTraffic>();

  /** Predictions that just committed. A model seen here first has had every row pass through. */
  add(cols: ModelColumns): void {
    let m = this.#models.get(cols.model);
    if (!m) this.#models.set(cols.model, (m = { completeFromMs: -Infinity, byVersion: new Map() }));
    for (let i = 0; i < cols.length; i++) {
      const minute = Math.floor(cols.ts[i]! / minuteMs);
      if (minute * minuteMs < m.completeFromMs) continue;
      const version = cols.version[i] ?? null;
      let minutes = m.byVersion.get(version);
      if (!minutes) m.byVersion.set(version, (minutes = new Map()));
      minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
    }
  }

  /** Replaces a model's buckets with counts read from its rows (at load, after retention). */
  reset(model: string, completeFromMs: number, rows: readonly { version: string | null; minute: number; n: number }[]): void {
    const byVersion = new Map<string | null, Map<number, number>>();
    for (const r of rows) {
      let minutes = byVersion.get(r.version);
      if (!minutes) byVersion.set(r.version, (minutes = new Map()));
      minutes.set(r.minute, r.n);
    }
    this.#models.set(model, { completeFromMs, byVersion });
  }

  /**
   * Predictions per version with a timestamp after the minute `sinceMs` falls in, or null when
   * the buckets do not reach back that far. Buckets well before `sinceMs` are dropped on the way.
   */
  countsSince(model: string, sinceMs: number): RecentCounts | null {
    const m = this.#models.get(model);
    const firstMinute = Math.floor(sinceMs / minuteMs);
    const firstMinuteEnd = (firstMinute + 1) * minuteMs;
    if (!m) return { counts: new Map(), firstMinuteEnd };
    if (firstMinuteEnd < m.completeFromMs) return null;
    const drop = Math.floor((sinceMs - slackMs) / minuteMs);
    const counts = new Map<string | null, number>();
    for (const [version, minutes] of m.byVersion) {
      let n = 0;
      for (const [minute, count] of minutes) {
        if (minute < drop) minutes.delete(minute);
        else if (minute > firstMinute) n += count;
      }
      if (n) counts.set(version, n);
    }
    m.completeFromMs = Math.max(m.completeFromMs, drop * minuteMs);
    return { counts, firstMinuteEnd };
  }
}
