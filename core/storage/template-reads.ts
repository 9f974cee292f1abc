// The log template API's reads: templates with their merged-away ids folded into the survivor,
// and one template's examples, recent lines and history.
import type { SqlParam, Storage } from './db.ts';

export interface FoldedTemplate {
  id: string;
  template: string | null;
  count: number;
  first_seen: Date;
  last_seen: Date;
  aliases: string[];
  examples: string[];
}

export const templateSortKeys = ['count', 'first_seen', 'last_seen', 'id'] as const;
export type TemplateSortKey = (typeof templateSortKeys)[number];

/** Templates with their merged-away ids folded in (one level: merges rewrite chains). */
const foldedTemplates = `
  SELECT root AS id,
         max(template) FILTER (WHERE id = root) AS template,
         sum(count)::BIGINT AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
         coalesce(list(id ORDER BY id) FILTER (WHERE id <> root), []) AS aliases,
         flatten(list(examples_list ORDER BY first_seq)) AS examples
  FROM (SELECT coalesce(merged_into, id) AS root, *, from_json(examples, '["VARCHAR"]') AS examples_list FROM log_templates)
  GROUP BY root`;

export function listTemplates(
  storage: Storage,
  q: { newSince?: Date; seenSince?: Date; sort: TemplateSortKey; order: 'asc' | 'desc'; limit: number },
): Promise<Omit<FoldedTemplate, 'examples'>[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (q.newSince) where.push(`first_seen >= $${params.push(q.newSince.toISOString())}::TIMESTAMP`);
  if (q.seenSince) where.push(`last_seen >= $${params.push(q.seenSince.toISOString())}::TIMESTAMP`);
  // sort and order are checked against fixed lists by the type (and by the route before that).
  if (!templateSortKeys.includes(q.sort) || (q.order !== 'asc' && q.order !== 'desc')) throw new Error(`cannot sort templates by ${q.sort} ${q.order}`);
  return storage.all(
    `SELECT id, template, count, first_seen, last_seen, aliases FROM (${foldedTemplates}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${q.sort} ${q.order}, id LIMIT ${Math.floor(q.limit)}`,
    params,
  );
}

export interface TemplateDetail {
  root: string;
  template: FoldedTemplate;
  recent: { seq: number; ts: Date; level: string | null; source: string | null; message: string }[];
  events: { ts: Date; type: string; template_id: string; template: string | null }[];
}

/** One template by any of its ids (a merged-away id leads to its survivor), or null. */
export async function templateDetail(storage: Storage, id: string): Promise<TemplateDetail | null> {
  const own = await storage.one<{ id: string; merged_into: string | null }>('SELECT id, merged_into FROM log_templates WHERE id = $1', [id]);
  if (!own) return null;
  const root = own.merged_into ?? own.id;
  const t = await storage.one<FoldedTemplate>(`SELECT * FROM (${foldedTemplates}) WHERE id = $1`, [root]);
  if (!t) return null;
  const ids = [root, ...t.aliases];
  const list = ids.map((_, i) => `$${i + 1}`).join(', ');
  const recent = await storage.all<TemplateDetail['recent'][number]>(`SELECT seq, ts, level, source, message FROM logs WHERE template_id IN (${list}) ORDER BY seq DESC LIMIT 5`, ids);
  const events = await storage.all<TemplateDetail['events'][number]>(`SELECT ts, type, template_id, template FROM log_template_events WHERE template_id IN (${list}) ORDER BY id DESC LIMIT 20`, ids);
  return { root, template: t, recent, events };
}
