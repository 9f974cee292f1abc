// The registry of model versions seen in predictions, as the API shows it. Storage keeps it at
// ingest (model_versions, with a `model.version.seen` audit entry the first time a version
// appears); this reads it back with traffic shares, the reference data in effect, live metrics
// and latest results, and never writes.
import type { Runtime } from '../runtime.ts';
import { LiveMetricsCache } from './live-metrics-cache.ts';
import {
  type LatestResult,
  type SnapshotSummary,
  type StoredVersion,
  labelAgreementByVersion,
  latestResultsPerVersion,
  newestReference,
  referenceSnapshotsOf,
  registeredVersionsOf,
  snapshotByVersionOrName,
  versionCountsBetween,
} from '../storage/registry-store.ts';

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

function summary(r: LatestResult): ResultSummary {
  return { id: r.id, stage: r.stage, kind: r.kind, created_at: r.created_at, data_version: r.data_version, config_version: r.config_version, figures: figures(JSON.parse(r.payload)) };
}

/** Predictions per version over the 24 hours before `now`: the minutes kept at ingest, and the rows of the first, partial minute. */
async function countsLastDay(rt: Runtime, table: string, model: string, now: Date): Promise<Map<string | null, number>> {
  const since = new Date(now.getTime() - 86_400_000);
  const kept = rt.tables.traffic.countsSince(model, since.getTime());
  if (!kept) return versionCountsBetween(rt.storage, table, since);
  const first = await versionCountsBetween(rt.storage, table, since, new Date(kept.firstMinuteEnd));
  for (const [v, n] of first) kept.counts.set(v, (kept.counts.get(v) ?? 0) + n);
  return kept.counts;
}

const liveMetrics = new LiveMetricsCache(async (rt, table, model) => {
  const task = rt.config.models[model]?.task;
  const rows = await labelAgreementByVersion(rt.storage, table, model);
  const out = new Map<string | null, LiveMetrics>();
  for (const r of rows) {
    const regression = task ? task === 'regression' : r.integral === false;
    out.set(r.version, { labelled: r.labelled, accuracy: regression ? null : r.correct, mae: regression ? r.mae : null, mean_score: r.mean_score });
  }
  return out;
});

/** One model's registered versions, or null when it has no predictions. */
export async function listVersions(rt: Runtime, model: string, now = new Date(rt.clock())): Promise<RegisteredVersion[] | null> {
  if (!rt.tables.get(model)) return null;
  return (await registryOf(rt, model, now)).get(model) ?? [];
}

/**
 * Registered versions of one model, or of every model when none is named. What is kept per
 * version (registrations, references, latest results) is read once for all models, so the
 * registry costs a few queries however many models there are.
 */
export async function registryOf(rt: Runtime, model?: string, now = new Date(rt.clock())): Promise<Map<string, RegisteredVersion[]>> {
  const [registered, references, results] = await Promise.all([registeredVersionsOf(rt.storage, model), referenceSnapshotsOf(rt.storage, model), latestResultsPerVersion(rt.storage, model)]);
  // Models are read side by side: under ingest every await may wait behind a batch on the event
  // loop, so the number of awaits in a row, not the number of queries, sets the latency.
  const tables = model === undefined ? rt.tables.list() : [rt.tables.get(model)!];
  const versions = await Promise.all(tables.map((t) => versionsOf(rt, t.model, registered.get(t.model) ?? [], references.get(t.model) ?? [], results, now)));
  return new Map(tables.map((t, i) => [t.model, versions[i]!]));
}

async function versionsOf(rt: Runtime, model: string, stored: StoredVersion[], references: SnapshotSummary[], results: Map<string, LatestResult[]>, now: Date): Promise<RegisteredVersion[]> {
  const t = rt.tables.get(model)!;
  // The stored rows name the versions; their counts come from memory, exact as of the last
  // commit (the stored copy is written through at most once a second).
  const rows = stored.map((r) => {
    const v = t.versions.get(r.version);
    return v ? { ...r, first_seen: new Date(Math.min(v.first, new Date(r.first_seen).getTime())), last_seen: new Date(v.last), predictions: v.rows } : r;
  });
  if (!rows.length) return [];
  const configured = rt.config.models[model]?.reference;
  const [recent, live, configuredRef] = await Promise.all([
    countsLastDay(rt, t.table, model, now),
    liveMetrics.get(rt, t.table, model),
    configured ? snapshotByVersionOrName(rt.storage, configured) : undefined,
  ]);
  const recentTotal = [...recent.values()].reduce((a, b) => a + b, 0);
  return rows.map((r) => ({
    ...r,
    traffic_share: t.rows ? r.predictions / t.rows : 0,
    traffic_share_24h: recentTotal ? (recent.get(r.version) ?? 0) / recentTotal : null,
    reference: configured ? (configuredRef ? { ...configuredRef, source: 'config' } : null) : referenceBefore(references, new Date(r.last_seen)),
    live: live.get(r.version) ?? { labelled: 0, accuracy: null, mae: null, mean_score: null },
    results: (results.get(`${model}\u0000${r.version}`) ?? []).map(summary),
  }));
}

/** The newest reference stored at or before a time, else the newest (as `referenceOf`); `references` newest first. */
function referenceBefore(references: SnapshotSummary[], before: Date): ReferenceData | null {
  const r = references.find((x) => new Date(x.created_at).getTime() <= before.getTime()) ?? references[0];
  return r ? { ...r, source: 'latest reference snapshot' } : null;
}
