// Bucketed reads the dashboards chart directly: prediction volume and score quantiles per time
// bucket, prediction histograms, logs by level, recent lines and the busiest templates. Every
// value is a parameter; table names come from the daemon's own layout.
import { ident, type Storage } from './db.ts';

export interface SeriesWindow {
  since: Date;
  until: Date;
  /** Width of one bucket, whole seconds. */
  bucketSeconds: number;
}

const bucketSql = (col: string) => `epoch_ms(time_bucket(to_seconds($3::BIGINT), ${col}, $1::TIMESTAMP))::DOUBLE`;
const bucketParams = (w: SeriesWindow) => [w.since.toISOString(), w.until.toISOString(), w.bucketSeconds];
const rangeParams = (w: { since: Date; until: Date }) => [w.since.toISOString(), w.until.toISOString()];
/** Scores when the model sends them, numeric predictions otherwise. */
const scoreValue = 'coalesce(score, prediction_num)';

export function predictionVolume(storage: Storage, table: string, w: SeriesWindow): Promise<{ ts: number; version: string | null; count: number }[]> {
  return storage.all(
    `SELECT ${bucketSql('ts')} AS ts, version, count(*)::BIGINT AS count FROM ${ident(table)}
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP GROUP BY ALL ORDER BY ts, version`,
    bucketParams(w),
  );
}

export function scoreQuantiles(storage: Storage, table: string, w: SeriesWindow): Promise<Record<string, unknown>[]> {
  const v = scoreValue;
  return storage.all(
    `SELECT ${bucketSql('ts')} AS ts, count(${v})::BIGINT AS n,
            quantile_cont(${v}, 0.05) AS p05, quantile_cont(${v}, 0.25) AS p25, quantile_cont(${v}, 0.5) AS p50,
            quantile_cont(${v}, 0.75) AS p75, quantile_cont(${v}, 0.95) AS p95, avg(${v}) AS mean
     FROM ${ident(table)} WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND ${v} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    bucketParams(w),
  );
}

export type PredictionHistogram = { kind: 'categorical'; rows: { label: string; count: number }[] } | { kind: 'numerical'; rows: { lo: number; hi: number; count: number }[] };

/** Counts per predicted class when predictions are labels, else equal-width bins of the score. */
export async function predictionHistogram(storage: Storage, table: string, w: { since: Date; until: Date }, bins: number): Promise<PredictionHistogram> {
  const t = ident(table);
  const range = rangeParams(w);
  const classes = await storage.all<{ value: string; count: number }>(
    `SELECT prediction_str AS value, count(*)::BIGINT AS count FROM ${t}
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND prediction_str IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 50`,
    range,
  );
  if (classes.length) return { kind: 'categorical', rows: classes.map((r) => ({ label: r.value, count: r.count })) };
  const v = scoreValue;
  const ext = await storage.one<{ lo: number | null; hi: number | null }>(`SELECT min(${v}) AS lo, max(${v}) AS hi FROM ${t} WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP`, range);
  if (ext?.lo == null || ext.hi == null) return { kind: 'numerical', rows: [] };
  const width = ext.hi > ext.lo ? (ext.hi - ext.lo) / bins : 1;
  const counts = await storage.all<{ b: number; count: number }>(
    `SELECT least(floor((${v} - $3) / $4), $5 - 1)::INTEGER AS b, count(*)::BIGINT AS count FROM ${t}
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND ${v} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [...range, ext.lo, width, bins],
  );
  const byBin = new Map(counts.map((r) => [r.b, r.count]));
  const lo = ext.lo;
  return { kind: 'numerical', rows: Array.from({ length: ext.hi > ext.lo ? bins : 1 }, (_, b) => ({ lo: lo + b * width, hi: lo + (b + 1) * width, count: byBin.get(b) ?? 0 })) };
}

export function logVolumeByLevel(storage: Storage, w: SeriesWindow): Promise<Record<string, unknown>[]> {
  return storage.all(
    `SELECT ${bucketSql('ts')} AS ts, coalesce(lower(level), 'unknown') AS level, count(*)::BIGINT AS count FROM logs
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP GROUP BY ALL ORDER BY 1, 2`,
    bucketParams(w),
  );
}

/**
 * Lines per bucket for the `top` busiest templates of the window (the rest summed as "other"),
 * with those templates' text and first sighting, so a chart can name them and mark new ones.
 */
export async function logVolumeByTemplate(storage: Storage, w: SeriesWindow, top: number): Promise<{ rows: Record<string, unknown>[]; templates: Record<string, unknown>[] }> {
  const rows = await storage.all(
    `WITH win AS (SELECT ts, coalesce(template_id, 'none') AS template_id FROM logs WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP),
          top AS (SELECT template_id FROM win GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${Math.floor(top)})
     SELECT ${bucketSql('ts')} AS ts, CASE WHEN template_id IN (SELECT template_id FROM top) THEN template_id ELSE 'other' END AS template_id, count(*)::BIGINT AS count
     FROM win GROUP BY ALL ORDER BY 1, 2`,
    bucketParams(w),
  );
  const ids = [...new Set(rows.map((r) => String(r.template_id)))].filter((id) => id !== 'other' && id !== 'none');
  const templates = ids.length
    ? await storage.all(`SELECT id, template, first_seen FROM log_templates WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY first_seen`, ids)
    : [];
  return { rows, templates };
}

/**
 * One metric series per bucket (mean, min, max) over the window: the rows of `name` whose labels
 * equal `labels` exactly (stored as JSON text, compared parsed, so key order does not matter).
 */
export async function metricSeries(storage: Storage, w: SeriesWindow, name: string, labels: Record<string, string>): Promise<Record<string, unknown>[]> {
  const rows = await storage.all<{ ts: number; labels: string | null; value: number; min: number; max: number; n: number }>(
    `SELECT ${bucketSql('ts')} AS ts, labels, avg(value) AS value, min(value) AS min, max(value) AS max, count(*)::BIGINT AS n FROM metrics
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND name = $4 GROUP BY ALL ORDER BY 1`,
    [...bucketParams(w), name],
  );
  const want = canonical(labels);
  const parsed = new Map<string | null, string>();
  const same = (text: string | null) => {
    if (!parsed.has(text)) parsed.set(text, canonical(text ? (JSON.parse(text) as Record<string, string>) : {}));
    return parsed.get(text) === want;
  };
  return rows.filter((r) => same(r.labels)).map(({ labels: _labels, ...r }) => r);
}

const canonical = (labels: Record<string, string>) => JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));

export function recentLogLines(storage: Storage, w: { since: Date; until: Date }, q: { level?: string; limit: number }): Promise<Record<string, unknown>[]> {
  return storage.all(
    `SELECT seq, ts, level, source, message, template_id, trace_id FROM logs
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP ${q.level ? 'AND lower(level) = lower($3)' : ''} ORDER BY seq DESC LIMIT ${Math.floor(q.limit)}`,
    q.level ? [...rangeParams(w), q.level] : rangeParams(w),
  );
}

/**
 * Templates as the stored lines carry them: counts over the window, first/last seen ever, the
 * template's text (its survivor's, once merged), one example line; `newest` lists the templates first seen most recently.
 */
export function templateCounts(storage: Storage, w: { since: Date; until: Date }, q: { newest: boolean; limit: number }): Promise<Record<string, unknown>[]> {
  return storage.all(
    `WITH ever AS (SELECT template_id, min(ts) AS first_seen, max(ts) AS last_seen FROM logs GROUP BY template_id)
     SELECT l.template_id, count(*)::BIGINT AS count, any_value(e.first_seen) AS first_seen, any_value(e.last_seen) AS last_seen,
            arg_max(l.message, l.seq) AS example, any_value(coalesce(s.template, t.template)) AS template
     FROM logs l JOIN ever e ON e.template_id IS NOT DISTINCT FROM l.template_id
     LEFT JOIN log_templates t ON t.id = l.template_id LEFT JOIN log_templates s ON s.id = t.merged_into
     WHERE l.ts >= $1::TIMESTAMP AND l.ts < $2::TIMESTAMP GROUP BY l.template_id ORDER BY ${q.newest ? 'first_seen DESC' : 'count DESC'} LIMIT ${Math.floor(q.limit)}`,
    rangeParams(w),
  );
}
