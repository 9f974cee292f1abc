// The registry of model versions seen in predictions: kept in model_versions (first/last seen,
// count) with a `model.version.seen` audit entry the first time a version appears, and read
// back with traffic shares, the reference data in effect, live metrics and latest results.
import type { Runtime } from '../runtime.ts';
import { ident } from '../storage/db.ts';

export interface RegisteredVersion {
  version: string;
  first_seen: Date;
  last_seen: Date;
  predictions: number;
  /** Share of the model's predictions over all time, and over the last 24 hours. */
  traffic_share: number;
  traffic_share_24h: number | null;
  reference: ReferenceData | null;
  live: LiveMetrics;
  /** Latest stored result per stage and kind that names this version. */
  results: ResultSummary[];
}

export interface ReferenceData {
  version: string;
  name: string | null;
  rows: number;
  created_at: Date;
  source: 'config' | 'latest reference snapshot';
}

export interface LiveMetrics {
  labelled: number;
  accuracy: number | null;
  mae: number | null;
  mean_score: number | null;
}

export interface ResultSummary {
  id: number;
  stage: string;
  kind: string;
  created_at: Date;
  data_version: string | null;
  config_version: string;
  figures: Record<string, number | boolean | string | null>;
}

/** Records versions not seen before (with their audit entry) and refreshes the others' counts. */
export async function syncVersions(rt: Runtime): Promise<number> {
  let added = 0;
  for (const t of rt.tables.list()) {
    const seen = await rt.storage.all<{ version: string; first: Date; last: Date; n: number }>(
      `SELECT version, min(ts) AS first, max(ts) AS last, count(*)::BIGINT AS n FROM ${ident(t.table)} WHERE version IS NOT NULL GROUP BY version`,
    );
    if (!seen.length) continue;
    added += await rt.storage.tx(async (conn) => {
      const known = new Set((await conn.runAndReadAll('SELECT version FROM model_versions WHERE model = $1', [t.model])).getRowObjectsJS().map((r) => String(r.version)));
      let n = 0;
      for (const v of seen) {
        const first = new Date(v.first).toISOString();
        const last = new Date(v.last).toISOString();
        if (known.has(v.version)) {
          await conn.run('UPDATE model_versions SET last_seen = $3::TIMESTAMP, predictions = $4 WHERE model = $1 AND version = $2', [t.model, v.version, last, v.n]);
          continue;
        }
        await conn.run('INSERT INTO model_versions VALUES ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, now())', [t.model, v.version, first, last, v.n]);
        await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), now(), 'model.version.seen', $1, $2)", [
          t.model,
          JSON.stringify({ version: v.version, first_seen: first }),
        ]);
        n++;
      }
      return n;
    });
  }
  return added;
}

/** The reference snapshot of a model: the configured one, else the newest uploaded as reference. */
export async function referenceOf(rt: Runtime, model: string, before?: Date): Promise<ReferenceData | null> {
  const configured = rt.config.models[model]?.reference;
  if (configured) {
    const r = await rt.storage.one<{ version: string; name: string | null; rows: number; created_at: Date }>(
      'SELECT version, name, rows, created_at FROM snapshots WHERE version = $1 OR name = $1 ORDER BY created_at DESC LIMIT 1',
      [configured],
    );
    return r ? { ...r, source: 'config' } : null;
  }
  const params: string[] = [model];
  if (before) params.push(before.toISOString());
  const r = await rt.storage.one<{ version: string; name: string | null; rows: number; created_at: Date }>(
    `SELECT version, name, rows, created_at FROM snapshots WHERE model = $1 AND role = 'reference' ${before ? 'AND created_at <= $2::TIMESTAMP' : ''} ORDER BY created_at DESC LIMIT 1`,
    params,
  );
  if (r) return { ...r, source: 'latest reference snapshot' };
  return before ? referenceOf(rt, model) : null;
}

function figures(payload: unknown): ResultSummary['figures'] {
  const out: ResultSummary['figures'] = {};
  const take = (prefix: string, o: Record<string, unknown>, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (Object.keys(out).length >= 24) return;
      if (typeof v === 'number' || typeof v === 'boolean') out[prefix + k] = v;
      else if (typeof v === 'string' && v.length <= 80) out[prefix + k] = v;
      else if (depth > 0 && v && typeof v === 'object' && !Array.isArray(v)) take(`${prefix}${k}.`, v as Record<string, unknown>, depth - 1);
    }
  };
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) take('', payload as Record<string, unknown>, 1);
  return out;
}

export async function latestResultsFor(rt: Runtime, model: string, version?: string): Promise<ResultSummary[]> {
  const rows = await rt.storage.all<{ id: number; stage: string; kind: string; created_at: Date; data_version: string | null; config_version: string; payload: string }>(
    `SELECT id, stage, kind, created_at, data_version, config_version, payload FROM stage_results
     WHERE id IN (SELECT max(id) FROM stage_results WHERE model = $1 ${version ? 'AND model_version = $2' : ''} GROUP BY stage, kind) ORDER BY stage, kind`,
    version ? [model, version] : [model],
  );
  return rows.map((r) => ({ id: r.id, stage: r.stage, kind: r.kind, created_at: r.created_at, data_version: r.data_version, config_version: r.config_version, figures: figures(JSON.parse(r.payload)) }));
}

/** Accuracy (classification) or mean absolute error (regression) from the labels that arrived. */
async function liveMetrics(rt: Runtime, table: string, model: string): Promise<Map<string | null, LiveMetrics>> {
  const task = rt.config.models[model]?.task;
  const rows = await rt.storage.all<{ version: string | null; labelled: number; correct: number | null; mae: number | null; mean_score: number | null; integral: boolean | null }>(
    `SELECT p.version, count(l.id)::BIGINT AS labelled,
        avg(CASE WHEN l.id IS NULL THEN NULL WHEN coalesce(p.prediction_str, p.prediction_num::VARCHAR) = coalesce(l.label_str, l.label_num::VARCHAR) THEN 1.0 ELSE 0.0 END) AS correct,
        avg(abs(p.prediction_num - l.label_num)) AS mae, avg(p.score) AS mean_score,
        bool_and(p.prediction_str IS NOT NULL OR p.prediction_num = round(p.prediction_num)) AS integral
     FROM ${ident(table)} p
     LEFT JOIN (SELECT id, arg_max(label_num, received_at) AS label_num, arg_max(label_str, received_at) AS label_str FROM labels WHERE model = $1 GROUP BY id) l ON l.id = p.id
     GROUP BY p.version`,
    [model],
  );
  const out = new Map<string | null, LiveMetrics>();
  for (const r of rows) {
    const regression = task ? task === 'regression' : r.integral === false;
    out.set(r.version, { labelled: r.labelled, accuracy: regression ? null : r.correct, mae: regression ? r.mae : null, mean_score: r.mean_score });
  }
  return out;
}

export async function listVersions(rt: Runtime, model: string, now = new Date()): Promise<RegisteredVersion[] | null> {
  const t = rt.tables.get(model);
  if (!t) return null;
  await syncVersions(rt);
  const rows = await rt.storage.all<{ version: string; first_seen: Date; last_seen: Date; predictions: number }>(
    'SELECT version, first_seen, last_seen, predictions FROM model_versions WHERE model = $1 ORDER BY first_seen, version',
    [model],
  );
  const total = await rt.storage.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(t.table)}`);
  const recent = new Map(
    (await rt.storage.all<{ version: string | null; n: number }>(`SELECT version, count(*)::BIGINT AS n FROM ${ident(t.table)} WHERE ts >= $1::TIMESTAMP GROUP BY version`, [new Date(now.getTime() - 86_400_000).toISOString()])).map((r) => [r.version, r.n]),
  );
  const recentTotal = [...recent.values()].reduce((a, b) => a + b, 0);
  const live = await liveMetrics(rt, t.table, model);
  const out: RegisteredVersion[] = [];
  for (const r of rows) {
    out.push({
      ...r,
      traffic_share: total?.n ? r.predictions / total.n : 0,
      traffic_share_24h: recentTotal ? (recent.get(r.version) ?? 0) / recentTotal : null,
      reference: await referenceOf(rt, model, new Date(r.last_seen)),
      live: live.get(r.version) ?? { labelled: 0, accuracy: null, mae: null, mean_score: null },
      results: await latestResultsFor(rt, model, r.version),
    });
  }
  return out;
}
