// The registry of model versions seen in predictions, as the API shows it. Storage keeps it at
// ingest (model_versions, with a `model.version.seen` audit entry the first time a version
// appears); this reads it back with traffic shares, the reference data in effect, live metrics
// and latest results, and never writes.
import type { Runtime } from '../runtime.ts';
import { type LatestResult, labelAgreementByVersion, latestResultPerKind, newestReference, registeredVersions, snapshotByVersionOrName, versionCountsSince } from '../storage/registry-store.ts';

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

export type ResultSummary = Omit<LatestResult, 'payload'> & { figures: Record<string, number | boolean | string | null> };

/** The reference snapshot of a model: the configured one, else the newest uploaded as reference. */
export async function referenceOf(rt: Runtime, model: string, before?: Date): Promise<ReferenceData | null> {
  const configured = rt.config.models[model]?.reference;
  if (configured) {
    const r = await snapshotByVersionOrName(rt.storage, configured);
    return r ? { ...r, source: 'config' } : null;
  }
  const r = await newestReference(rt.storage, model, before);
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
  const rows = await latestResultPerKind(rt.storage, model, version);
  return rows.map((r) => ({ id: r.id, stage: r.stage, kind: r.kind, created_at: r.created_at, data_version: r.data_version, config_version: r.config_version, figures: figures(JSON.parse(r.payload)) }));
}

/** Accuracy (classification) or mean absolute error (regression) from the labels that arrived. */
async function liveMetrics(rt: Runtime, table: string, model: string): Promise<Map<string | null, LiveMetrics>> {
  const task = rt.config.models[model]?.task;
  const rows = await labelAgreementByVersion(rt.storage, table, model);
  const out = new Map<string | null, LiveMetrics>();
  for (const r of rows) {
    const regression = task ? task === 'regression' : r.integral === false;
    out.set(r.version, { labelled: r.labelled, accuracy: regression ? null : r.correct, mae: regression ? r.mae : null, mean_score: r.mean_score });
  }
  return out;
}

export async function listVersions(rt: Runtime, model: string, now = new Date(rt.clock())): Promise<RegisteredVersion[] | null> {
  const t = rt.tables.get(model);
  if (!t) return null;
  // The stored rows name the versions; their counts come from memory, exact as of the last
  // commit (the stored copy is written through at most once a second).
  const rows = (await registeredVersions(rt.storage, model)).map((r) => {
    const v = t.versions.get(r.version);
    return v ? { ...r, first_seen: new Date(Math.min(v.first, new Date(r.first_seen).getTime())), last_seen: new Date(v.last), predictions: v.rows } : r;
  });
  const total = { n: t.rows };
  const recent = await versionCountsSince(rt.storage, t.table, new Date(now.getTime() - 86_400_000));
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
