// Evaluates one policy for one model over stored results of other stages. Only results of the
// model version the policy is armed against count (or results that name no version, made
// after that version appeared), so a retrained model starts from a clean slate. A window that
// mixes versions served side by side names the one that served most rows and lists the rows of
// each under `model_versions`; it counts for every version it lists, so sustained drift while a
// new version is rolled out alongside the old one counts for the new one too.
import type { DataReader } from '../../core/plugin-api/index.ts';
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

interface ResultRow {
  id: number;
  stage: string;
  kind: string;
  created_at: Date;
  payload: string;
  data_version: string | null;
  model_version: string | null;
}

const driftFlag = "json_extract_string(payload, '$.dataset_drift'), json_extract_string(payload, '$.report.dataset_drift')";

const defaultStage: Record<Policy['when'], string> = { dataset_drift: 'drift', performance_below: 'performance', validation_failure_rate: 'validation' };

async function recentResults(data: DataReader, policy: Policy, model: string, arming: Arming, limit: number, hasField: string): Promise<ResultRow[]> {
  const params: (string | number)[] = [policy.stage ?? defaultStage[policy.when], model, arming.since.toISOString()];
  let sql = `SELECT id, stage, kind, created_at, payload, data_version, model_version FROM stage_results
     WHERE stage = ? AND model = ? AND created_at >= ?::TIMESTAMP AND ${hasField}`;
  const kind = policy.kind ?? (policy.when === 'performance_below' && policy.source !== 'any' ? `performance.${policy.source}` : undefined);
  if (kind) {
    sql += ' AND kind = ?';
    params.push(kind);
  }
  if (arming.version !== null) {
    sql += " AND (model_version IS NULL OR model_version = ? OR list_contains(json_keys(payload, '$.model_versions'), ?))";
    params.push(arming.version, arming.version);
  }
  sql += ` ORDER BY id DESC LIMIT ${limit}`;
  return data.query<ResultRow>(sql, params);
}

function evidence(r: ResultRow, value: number | boolean): EvidenceItem {
  return { result_id: r.id, stage: r.stage, kind: r.kind, created_at: new Date(r.created_at).toISOString(), data_version: r.data_version, model_version: r.model_version, value };
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
    const rows = await recentResults(data, policy, model, arming, policy.consecutive, `coalesce(${driftFlag}) IN ('true', 'false')`);
    const drifted = rows.filter((r) => {
      const p = JSON.parse(r.payload) as { dataset_drift?: boolean; report?: { dataset_drift?: boolean } };
      return (p.dataset_drift ?? p.report?.dataset_drift) === true;
    });
    const met = rows.length === policy.consecutive && drifted.length === rows.length;
    return { met, reason: `dataset drift in ${drifted.length} of the last ${rows.length} windows (needs ${policy.consecutive} in a row)`, evidence: rows.map((r) => evidence(r, drifted.includes(r))) };
  }
  if (policy.when === 'performance_below') {
    const rows = await recentResults(data, policy, model, arming, Math.max(50, policy.consecutive * 10), 'TRUE');
    const withMetric = rows.map((r) => ({ r, v: metricValue(JSON.parse(r.payload), policy.metric, policy.source) })).filter((x) => x.v !== null).slice(0, policy.consecutive);
    const below = withMetric.filter((x) => x.v! < policy.floor);
    const met = withMetric.length === policy.consecutive && below.length === withMetric.length;
    const latest = withMetric[0]?.v;
    return {
      met,
      reason: `${policy.metric} ${latest === undefined ? 'not reported yet' : `= ${latest!.toFixed(4)}`} (floor ${policy.floor}; below in ${below.length} of the last ${withMetric.length}, needs ${policy.consecutive})`,
      evidence: withMetric.map((x) => evidence(x.r, x.v!)),
    };
  }
  const rows = await recentResults(data, policy, model, arming, policy.windows, "json_extract_string(payload, '$.problems') IS NOT NULL");
  const failed = rows.filter((r) => Number((JSON.parse(r.payload) as { problems: number }).problems) > 0);
  const rate = rows.length ? failed.length / rows.length : 0;
  const met = rows.length >= policy.min_windows && rate > policy.ceiling;
  return { met, reason: `validation failed in ${failed.length} of the last ${rows.length} windows (rate ${rate.toFixed(3)}, ceiling ${policy.ceiling})`, evidence: rows.map((r) => evidence(r, failed.includes(r))) };
}
