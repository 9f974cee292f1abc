// Notices models that went quiet: no predictions for `silent_after`, or far fewer in the last
// window than the window before it.
import { definePlugin, duration, z } from '../../core/plugin-api/index.ts';

/** `45 s`, `12 min`, `3.5 h`: how long a model has been quiet, in a unit that reads. */
export function silentFor(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const configSchema = z
  .object({
    /** A model with no predictions for this long is reported silent. */
    silent_after: duration.default(600_000),
    /** Compare the last window with the one before it. */
    window: duration.default(600_000),
    /** Report a drop when the last window has less than this share of the previous one. */
    min_ratio: z.number().min(0).max(1).default(0.2),
    /** Ignore windows with fewer predictions than this (too little to judge). */
    min_previous: z.number().int().nonnegative().default(50),
  })
  .strict();

export default definePlugin({
  name: 'volume',
  description: 'Reports models that stop receiving predictions or whose volume collapses',
  configSchema,
  defaultEverySeconds: 60,
  async run(ctx) {
    const now = ctx.now.getTime();
    for (const m of await ctx.data.models()) {
      const last = m.lastSeen ? m.lastSeen.getTime() : null;
      const silentMs = last === null ? Infinity : now - last;
      const window = ctx.config.window;
      const counts = {
        last: await ctx.data.predictionCount(m.model, { since: new Date(now - window), until: new Date(now + 1) }),
        previous: await ctx.data.predictionCount(m.model, { since: new Date(now - 2 * window), until: new Date(now - window) }),
        window_ms: window,
      };
      await ctx.results.save({ kind: 'volume', model: m.model, payload: { last_seen: m.lastSeen, silent_ms: Number.isFinite(silentMs) ? silentMs : null, ...counts } });
      if (silentMs >= ctx.config.silent_after) {
        ctx.emit({
          kind: 'volume.silent',
          severity: 'warning',
          summary: `model ${m.model} has received no predictions for ${silentFor(silentMs)}`,
          labels: { model: m.model },
          details: { last_seen: m.lastSeen, silent_after_ms: ctx.config.silent_after },
        });
      } else if (counts.previous >= ctx.config.min_previous && counts.last < counts.previous * ctx.config.min_ratio) {
        ctx.emit({
          kind: 'volume.drop',
          severity: 'warning',
          summary: `model ${m.model} received ${counts.last} predictions in the last window, down from ${counts.previous}`,
          labels: { model: m.model },
          details: counts,
        });
      }
    }
  },
});
