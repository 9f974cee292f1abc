// Evaluates one policy for one model over the health signals other stages publish (drift
// verdicts, performance figures, validation problems), read through the contract. Only results of the
// model version the policy is armed against count (or results that name no version, made
// after that version appeared), so a retrained model starts from a clean slate. A window that
// mixes versions served side by side names the one that served most rows and lists the rows of
// each under `model_versions`; it counts for every version it lists, so sustained drift while a
// new version is rolled out alongside the old one counts for the new one too.
import type { Signal, SignalName, SignalReader } from '../../core/plugin-api/index.ts';
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

/** A signal counts for the armed version when its result names it, names none, or lists it among the versions it mixes. */
function countsFor(s: Signal<SignalName>, version: string | null): boolean {
  if (version === null || s.result.modelVersion === null || s.result.modelVersion === version) return true;
  return !!s.modelVersions && Object.hasOwn(s.modelVersions, version);
}

function recent<K extends SignalName>(signals: SignalReader, name: K, policy: Policy, model: string, arming: Arming, limit: number, has: (s: Signal<K>) => boolean = () => true): Promise<Signal<K>[]> {
  return signals.read(name, { stage: policy.stage, kind: policy.kind, model, since: arming.since, limit, accept: (s) => countsFor(s, arming.version) && has(s) });
}

function evidence(s: Signal<SignalName>, value: number | boolean): EvidenceItem {
  const r = s.result;
  return { result_id: r.id, stage: r.stage, kind: r.kind, created_at: new Date(r.createdAt).toISOString(), data_version: r.dataVersion, model_version: r.modelVersion, value };
}

export async function evaluatePolicy(signals: SignalReader, policy: Policy, model: string, arming: Arming): Promise<PolicyEvaluation> {
  if (policy.when === 'dataset_drift') {
    const rows = await recent(signals, 'dataset_drift', policy, model, arming, policy.consecutive);
    const drifted = rows.filter((r) => r.value.drifted);
    const met = rows.length === policy.consecutive && drifted.length === rows.length;
    return { met, reason: `dataset drift in ${drifted.length} of the last ${rows.length} windows (needs ${policy.consecutive} in a row)`, evidence: rows.map((r) => evidence(r, drifted.includes(r))) };
  }
  if (policy.when === 'performance_below') {
    const rows = await recent(signals, 'performance', policy, model, arming, policy.consecutive, (s) => (policy.source === 'any' || s.value.source === policy.source) && Object.hasOwn(s.value.metrics, policy.metric));
    const withMetric = rows.map((r) => ({ r, v: r.value.metrics[policy.metric]! }));
    const below = withMetric.filter((x) => x.v < policy.floor);
    const met = withMetric.length === policy.consecutive && below.length === withMetric.length;
    const latest = withMetric[0]?.v;
    return {
      met,
      reason: `${policy.metric} ${latest === undefined ? 'not reported yet' : `= ${latest.toFixed(4)}`} (floor ${policy.floor}; below in ${below.length} of the last ${withMetric.length}, needs ${policy.consecutive})`,
      evidence: withMetric.map((x) => evidence(x.r, x.v)),
    };
  }
  const rows = await recent(signals, 'validation', policy, model, arming, policy.windows);
  const failed = rows.filter((r) => r.value.problems > 0);
  const rate = rows.length ? failed.length / rows.length : 0;
  const met = rows.length >= policy.min_windows && rate > policy.ceiling;
  return { met, reason: `validation failed in ${failed.length} of the last ${rows.length} windows (rate ${rate.toFixed(3)}, ceiling ${policy.ceiling})`, evidence: rows.map((r) => evidence(r, failed.includes(r))) };
}
