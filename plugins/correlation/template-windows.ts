// Log templates as co-occurrence events: one event per (template, window) in which the template
// appeared, aggregated in DuckDB so that millions of lines become a few thousand events.
import type { DataReader } from '../../core/plugin-api/index.ts';
import type { TimedEvent } from '../../lib/correlate/cooccurrence.ts';

export async function readTemplateWindows(
  data: DataReader,
  q: { from: number; to: number; window: number; minWindows: number; maxTemplates: number },
): Promise<TimedEvent[]> {
  const rows = await data.query<{ t: string; w: number }>(
    `WITH tw AS (
       SELECT DISTINCT template_id AS t, floor((epoch_ms(ts) - ?) / ?)::BIGINT AS w FROM logs
       WHERE template_id IS NOT NULL AND ts >= ?::TIMESTAMP AND ts < ?::TIMESTAMP),
     kept AS (
       SELECT t FROM tw GROUP BY t HAVING count(*) >= ? ORDER BY count(*) DESC, t LIMIT ?)
     SELECT tw.t, tw.w FROM tw JOIN kept USING (t) ORDER BY tw.w`,
    [q.from, q.window, new Date(q.from).toISOString(), new Date(q.to).toISOString(), q.minWindows, q.maxTemplates],
  );
  return rows.map((r) => ({ ts: q.from + Number(r.w) * q.window, kind: `log.template:${r.t}` }));
}
