// Reads of stored log lines and their templates, in the shapes the log stages use: bucketed
// counts, template listings and first-seen times. Aggregation stays in DuckDB so that millions of
// lines become a few thousand rows.
import type { LogCount, LogCountQuery, TemplateInfo, TemplateQuery } from '../plugin-api/index.ts';
import type { SqlParam, Storage } from './db.ts';

interface TemplateRow {
  id: string;
  template: string;
  count: number;
  first_seen: Date;
  last_seen: Date;
  examples: string;
  first_seq: number;
  last_seq: number;
  source: string | null;
}

export async function logExtent(storage: Storage): Promise<{ maxSeq: number; firstTs: number | null }> {
  const r = await storage.one<{ s: number | null; t: number | null }>('SELECT max(seq) AS s, epoch_ms(min(ts))::DOUBLE AS t FROM logs');
  return { maxSeq: Number(r?.s ?? 0), firstTs: r?.t === null || r?.t === undefined ? null : Number(r.t) };
}

export async function logCounts(storage: Storage, q: LogCountQuery): Promise<LogCount[]> {
  if (!(q.step > 0)) throw new Error(`bucket width must be positive, got ${q.step}`);
  const params: SqlParam[] = [q.from, q.step, new Date(q.from).toISOString(), new Date(q.to).toISOString()];
  const where = ['l.ts >= $3::TIMESTAMP', 'l.ts < $4::TIMESTAMP'];
  let key = 'NULL::VARCHAR';
  let join = '';
  if (q.by === 'template') {
    where.push('l.template_id IS NOT NULL');
    if (q.survivors) {
      join = 'LEFT JOIN log_templates t ON t.id = l.template_id';
      key = 'coalesce(t.merged_into, l.template_id)';
    } else key = 'l.template_id';
  } else if (q.by === 'source') key = 'l.source';
  else if (q.by === 'level') {
    key = 'lower(l.level)';
    where.push('l.level IS NOT NULL');
  }
  if (q.levels) {
    if (q.levels.length === 0) return [];
    const marks = q.levels.map((lv) => {
      params.push(lv.toLowerCase());
      return `$${params.length}`;
    });
    where.push(`lower(l.level) IN (${marks.join(', ')})`);
  }
  const rows = await storage.all<{ k: string | null; i: number; n: number; sources: number; source: string | null }>(
    `SELECT ${key} AS k, floor((epoch_ms(l.ts) - $1) / $2)::BIGINT AS i, count(*)::BIGINT AS n,
            count(DISTINCT l.source)::BIGINT AS sources, min(l.source) AS source
     FROM logs l ${join} WHERE ${where.join(' AND ')} GROUP BY 1, 2 ORDER BY 2, 1`,
    params,
  );
  return rows.map((r) => ({ key: r.k, i: Number(r.i), n: Number(r.n), sources: Number(r.sources), source: r.source }));
}

export async function templates(storage: Storage, q: TemplateQuery): Promise<TemplateInfo[]> {
  // Listings show surviving templates only; a template asked for by id is found even when merged.
  const where = q.ids ? [] : ['t.merged_into IS NULL'];
  const params: SqlParam[] = [];
  const add = (cond: string, v: SqlParam) => {
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  };
  if (q.firstSeqAbove !== undefined) add('t.first_seq > ?', q.firstSeqAbove);
  if (q.maxCount !== undefined) add('t.count <= ?', q.maxCount);
  if (q.lastSeqAbove !== undefined) add('t.last_seq > ?', q.lastSeqAbove);
  if (q.firstSeqAtMost !== undefined) add('t.first_seq <= ?', q.firstSeqAtMost);
  if (q.ids) {
    if (q.ids.length === 0) return [];
    const marks = q.ids.map((id) => {
      params.push(id);
      return `$${params.length}`;
    });
    where.push(`t.id IN (${marks.join(', ')})`);
  }
  // New templates are listed oldest first (a cursor walks them); rare ones newest first.
  const order = q.maxCount !== undefined ? 't.last_seen DESC' : 't.first_seq';
  const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 10_000)), 100_000);
  const rows = await storage.all<TemplateRow>(
    `SELECT t.id, t.template, t.count, t.first_seen, t.last_seen, t.examples, t.first_seq, t.last_seq,
            (SELECT source FROM logs l WHERE l.seq = t.first_seq) AS source
     FROM log_templates t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    template: r.template,
    count: Number(r.count),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    examples: parseExamples(r.examples),
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    firstSource: r.source,
  }));
}

export async function templatesFirstSeen(storage: Storage, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map((_, k) => `$${k + 1}`).join(', ');
    const rows = await storage.all<{ tid: string; t: number }>(
      `SELECT coalesce(merged_into, id) AS tid, epoch_ms(min(first_seen))::DOUBLE AS t FROM log_templates WHERE id IN (${marks}) OR merged_into IN (${marks}) GROUP BY ALL`,
      [...chunk],
    );
    for (const r of rows) out.set(r.tid, Number(r.t));
  }
  return out;
}

function parseExamples(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
