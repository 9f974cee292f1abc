// The performance stage's health signal: the figures of each realized or estimated window by
// metric name (accuracy, precision, recall, f1, rocAuc, or the regression metrics), finite ones only.
import type { SignalExtractors } from '../../core/plugin-api/index.ts';
import type { RealizedResult } from './index.ts';
import type { EstimateResult } from './estimate.ts';

export const performanceSignals: SignalExtractors = {
  performance: (r) => {
    if (r.kind === 'performance.realized') {
      const p = r.payload as Partial<RealizedResult> | null;
      if (!p?.overall) return null;
      return { value: { source: 'realized', metrics: finite(p.overall) }, modelVersions: p.model_versions };
    }
    if (r.kind === 'performance.estimated') {
      const p = r.payload as Partial<EstimateResult> | null;
      if (!p?.estimate) return null;
      const { count: _count, expected: _expected, ...metrics } = p.estimate;
      return { value: { source: 'estimated', metrics: finite(metrics) }, modelVersions: p.model_versions };
    }
    return null;
  },
};

function finite(figures: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(figures)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}
