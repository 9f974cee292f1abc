// Evaluates one policy for one model over stored results of other stages. Only results of the
// model version the policy is armed against count (or results that name no version, made
// after that version appeared), so a retrained model starts from a clean slate. A window that
// mixes versions served side by side names the one that served most rows and lists the rows of
// each under `model_versions`; it counts for every version it lists, so sustained drift while a
// new version is rolled out alongside the old one counts for the new one too.
import type { DataReader, StoredResult } from '../../core/plugin-api/index.ts';
import type { Policy } from './config.ts';

export interface EvidenceItem {
  result_id: number;
  stage: string;
  kind: string;
  created_at: string;
  data_version: string | null;
  model_version: string | null;
  value: number | boolean;
}

export interface PolicyEvaluation {
  met: boolean;
  /** One line: what the condition saw. */
  reason: string;
  evidence: EvidenceItem[];
}

export interface Arming {
  version: string | null;
  since: Date;
}

type ResultRow = StoredResult;

const defaultStage: Record<Policy['when'], string> = { dataset_drift: 'drift', performance_below: 'performance', validation_failure_rate: 'validation' };

/** The drift verdict of a drift result: on top of its payload, or in its SPEC report. */
function driftFlag(payload: unknown): boolean | undefined {
  const p = payload as { dataset_drift?: unknown; report?: { dataset_drift?: unknown } } | null;
  const v = p?.dataset_drift ?? p?.report?.dataset_drift;
  return typeof v === 'boolean' ? v : undefined;
}

/** A result counts for the armed version when it names it, names none, or lists it among the versions it mixes. */
function countsFor(r: ResultRow, version: string | null): boolean {
  if (version === null || r.modelVersion === null || r.modelVersion === version) return true;
  const mixed = (r.payload as { model_versions?: unknown } | null)?.model_versions;
  return !!mixed && typeof mixed === 'object' && Object.hasOwn(mixed, version);
}

function recentResults(data: DataReader, policy: Policy, model: string, arming: Arming, limit: number, has: (payload: unknown) => boolean): Promise<ResultRow[]> {
  const kind = policy.kind ?? (policy.when === 'performance_below' && policy.source !== 'any' ? `performance.${policy.source}` : undefined);
  return data.results({ stage: policy.stage ?? defaultStage[policy.when], model, kind, since: arming.since, limit, accept: (r) => has(r.payload) && countsFor(r, arming.version) });
}

function evidence(r: ResultRow, value: number | boolean): EvidenceItem {
  return { result_id: r.id, stage: r.stage, kind: r.kind, created_at: new Date(r.createdAt).toISOString(), data_version: r.dataVersion, model_version: r.modelVersion, value };
}

function dig(payload: unknown, path: string): unknown {
  let v: unknown = payload;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The metric's value in a performance result, looked up where realized or estimated figures live. */
export function metricValue(payload: unknown, metric: string, source: 'realized' | 'estimated' | 'any'): number | null {
  const places =
    source === 'realized'
      ? [`overall.${metric}`, `realized.${metric}`, metric, `metrics.${metric}`]
      : source === 'estimated'
        ? [`estimated.${metric}`, `estimate.${metric}`, `estimated.metrics.${metric}`]
        : [metric, `metrics.${metric}`, `overall.${metric}`, `realized.${metric}`, `realized.metrics.${metric}`, `estimated.${metric}`, `estimate.${metric}`];
  for (const p of places) {
    const v = dig(payload, p);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  }
  return null;
}

export async function evaluatePolicy(data: DataReader, policy: Policy, model: string, arming: Arming): Promise<PolicyEvaluation> {
  if (policy.when === 'dataset_drift') {
    // The drift stage stores its SPEC report under `report`; a result may also carry the flag on top.
    const rows = await recentResults(data, policy, model, arming, policy.consecutive, (p) => driftFlag(p) !== undefined);
    const drifted = rows.filter((r) => driftFlag(r.payload) === true);
    const met = rows.length === policy.consecutive && drifted.length === rows.length;
    return { met, reason: `dataset drift in ${drifted.length} of the last ${rows.length} windows (needs ${policy.consecutive} in a row)`, evidence: rows.map((r) => evidence(r, drifted.includes(r))) };
  }
  if (policy.when === 'performance_below') {
    const rows = await recentResults(data, policy, model, arming, Math.max(50, policy.consecutive * 10), () => true);
    const withMetric = rows.map((r) => ({ r, v: metricValue(r.payload, policy.metric, policy.source) })).filter((x) => x.v !== null).slice(0, policy.consecutive);
    const below = withMetric.filter((x) => x.v! < policy.floor);
    const met = withMetric.length === policy.consecutive && below.length === withMetric.length;
    const latest = withMetric[0]?.v;
    return {
      met,
      reason: `${policy.metric} ${latest === undefined ? 'not reported yet' : `= ${latest!.toFixed(4)}`} (floor ${policy.floor}; below in ${below.length} of the last ${withMetric.length}, needs ${policy.consecutive})`,
      evidence: withMetric.map((x) => evidence(x.r, x.v!)),
    };
  }
  const rows = await recentResults(data, policy, model, arming, policy.windows, (p) => (p as { problems?: unknown } | null)?.problems != null);
  const failed = rows.filter((r) => Number((r.payload as { problems: number }).problems) > 0);
  const rate = rows.length ? failed.length / rows.length : 0;
  const met = rows.length >= policy.min_windows && rate > policy.ceiling;
  return { met, reason: `validation failed in ${failed.length} of the last ${rows.length} windows (rate ${rate.toFixed(3)}, ceiling ${policy.ceiling})`, evidence: rows.map((r) => evidence(r, failed.includes(r))) };
}
