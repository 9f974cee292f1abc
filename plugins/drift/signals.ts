// The drift stage's health signal: each report's dataset-level verdict, for readers such as
// retraining policies that act on sustained drift.
import type { SignalExtractors } from '../../core/plugin-api/index.ts';
import type { DriftResult } from './index.ts';

export const driftSignals: SignalExtractors = {
  dataset_drift: (r) => {
    if (r.kind !== 'drift.report') return null;
    const p = r.payload as Partial<DriftResult> | null;
    // Reports carry the verdict on top; it is also inside the SPEC report they embed.
    const drifted = p?.dataset_drift ?? p?.report?.dataset_drift;
    if (typeof drifted !== 'boolean') return null;
    return { value: { drifted }, modelVersions: versionCounts(p?.model_versions) };
  },
};

function versionCounts(v: unknown): Record<string, number> | undefined {
  return v && typeof v === 'object' ? (v as Record<string, number>) : undefined;
}
