// Writes one batch's templates into log_templates (insert new ids, add counts to known ones) and
// records created/changed/merged events, on the connection of the batch's transaction.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TemplateEvent } from '../../lib/logmine/index.ts';

export interface TemplateBatch {
  id: string;
  template: string;
  count: number;
  firstTs: number;
  lastTs: number;
  firstSeq: number;
  lastSeq: number;
  examples: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function upsertTemplates(
  conn: DuckDBConnection,
  batch: TemplateBatch[],
  events: { ts: number; event: TemplateEvent }[],
  maxExamples: number,
  current: (id: string) => { id: string; template: string } | undefined,
): Promise<void> {
  const known = new Map<string, string[]>();
  if (batch.length) {
    const placeholders = batch.map((_, i) => `$${i + 1}`).join(', ');
    const r = await conn.runAndReadAll(`SELECT id, examples FROM log_templates WHERE id IN (${placeholders})`, batch.map((b) => b.id));
    for (const [id, examples] of r.getRowsJS()) known.set(String(id), JSON.parse(String(examples)) as string[]);
  }
  for (const b of batch) {
    const examples = known.get(b.id);
    if (examples === undefined) {
      // An id the miner has merged away already gets its survivor now: the merge event may have
      // been written by an earlier batch's transaction, before this row existed.
      const root = current(b.id)?.id;
      await conn.run(
        'INSERT INTO log_templates (id, template, first_seen, last_seen, count, examples, first_seq, last_seq, merged_into) VALUES ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, $6, $7, $8, $9)',
        [b.id, b.template, iso(b.firstTs), iso(b.lastTs), b.count, JSON.stringify(b.examples), b.firstSeq, b.lastSeq, root !== undefined && root !== b.id ? root : null],
      );
      await insertEvent(conn, b.firstTs, 'created', b.id, b.template, null);
    } else {
      const merged = examples.length >= maxExamples ? examples : [...examples, ...b.examples.filter((e) => !examples.includes(e))].slice(0, maxExamples);
      await conn.run(
        `UPDATE log_templates SET template = $2, first_seen = least(first_seen, $3::TIMESTAMP), last_seen = greatest(last_seen, $4::TIMESTAMP),
           count = count + $5, examples = $6, last_seq = greatest(last_seq, $7) WHERE id = $1`,
        [b.id, b.template, iso(b.firstTs), iso(b.lastTs), b.count, JSON.stringify(merged), b.lastSeq],
      );
    }
  }
  for (const { ts, event } of events) {
    if (event.type === 'changed') {
      await conn.run('UPDATE log_templates SET template = $2 WHERE id = $1', [event.templateId, event.template]);
      await insertEvent(conn, ts, 'changed', event.templateId, event.template, null);
    } else if (event.type === 'merged') {
      // Lines keep the id they were stored with; readers fold aliases through merged_into.
      const ids = event.mergedIds;
      const ph = ids.map((_, i) => `$${i + 2}`).join(', ');
      await conn.run(`UPDATE log_templates SET merged_into = $1 WHERE id IN (${ph}) OR merged_into IN (${ph})`, [event.templateId, ...ids]);
      await conn.run('UPDATE log_templates SET template = $2 WHERE id = $1', [event.templateId, current(event.templateId)?.template ?? event.template]);
      await insertEvent(conn, ts, 'merged', event.templateId, event.template, JSON.stringify({ merged_ids: ids }));
    } else if (event.type === 'evicted') {
      for (const id of event.templateIds) await insertEvent(conn, ts, 'evicted', id, null, null);
    }
  }
}

async function insertEvent(conn: DuckDBConnection, ts: number, type: string, id: string, template: string | null, details: string | null): Promise<void> {
  await conn.run(
    "INSERT INTO log_template_events (id, ts, type, template_id, template, details) VALUES (nextval('log_template_event_seq'), $1::TIMESTAMP, $2, $3, $4, $5)",
    [iso(ts), type, id, template, details],
  );
}
