// Log templates as co-occurrence events: one event per (template, window) in which the template
// appeared, aggregated in DuckDB so that millions of lines become a few thousand events.
import type { DataReader } from '../../core/plugin-api/index.ts';
import type { TimedEvent } from '../../lib/correlate/cooccurrence.ts';
import { templateSeriesPrefix } from '../../core/plugin-api/readers/series-reads.ts';

export async function readTemplateWindows(
  data: DataReader,
  q: { from: number; to: number; window: number; minWindows: number; maxTemplates: number },
): Promise<TimedEvent[]> {
  const windows = await data.logCounts({ from: q.from, to: q.to, step: q.window, by: 'template' });
  const seen = new Map<string, number>();
  for (const r of windows) seen.set(r.key!, (seen.get(r.key!) ?? 0) + 1);
  const kept = new Set(
    [...seen]
      .filter(([, n]) => n >= q.minWindows)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, q.maxTemplates)
      .map(([t]) => t),
  );
  return windows.filter((r) => kept.has(r.key!)).map((r) => ({ ts: q.from + r.i * q.window, kind: `${templateSeriesPrefix}${r.key}` }));
}
