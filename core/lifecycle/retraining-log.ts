// Mirrors `retraining.trigger` results (their shape is the contract's RetrainingTrigger) into the retraining record and the
// audit trail, so "what was triggered, why and with what outcome" outlives the retention of stage
// results. It runs when a stage run finishes (and once at start), never on a read; idempotent: a
// result is mirrored once, by its id.
import type { Runtime } from '../runtime.ts';
import type { RetrainingTrigger } from '../plugin-api/index.ts';
import { lastMirroredTrigger, recordRetraining, resultsAfter, retrainingRecords, type RetrainingRecord, type RetrainingRow } from '../storage/registry-store.ts';

export type { RetrainingRow };

export async function syncRetraining(rt: Runtime): Promise<number> {
  const rows = await resultsAfter(rt.storage, 'retraining.trigger', await lastMirroredTrigger(rt.storage));
  const records: RetrainingRecord[] = rows.map((r) => {
    const p = JSON.parse(r.payload) as RetrainingTrigger;
    return {
      resultId: r.id,
      runId: r.run_id,
      ts: new Date(r.created_at),
      model: p.model,
      modelVersion: p.model_version,
      policy: p.policy,
      status: p.status,
      reason: p.reason,
      action: p.action?.type ?? null,
      httpStatus: p.action?.http_status ?? null,
      exitCode: p.action?.exit_code ?? null,
      error: p.action?.error ?? null,
      evidence: p.evidence,
      audit: { kind: `retraining.${p.status}`, details: { result_id: r.id, trigger_id: p.trigger_id, policy: p.policy, model_version: p.model_version, reason: p.reason, action: p.action, evidence: p.evidence.length } },
    };
  });
  await recordRetraining(rt.storage, records);
  return records.length;
}

export function retrainingHistory(rt: Runtime, model: string, limit = 100): Promise<RetrainingRow[]> {
  return retrainingRecords(rt.storage, model, limit);
}
