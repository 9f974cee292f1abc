// The drift stage's read route: a model's drift reports as stored, the latest whole, a history of
// verdicts, and a feature × time heat map of statistics for the dashboards.
import { modelResultsRoute, type PluginRoute, type StoredResult } from '../../core/plugin-api/index.ts';
import type { DriftResult } from './index.ts';

/** Reports written by earlier releases may lack newer fields. */
type StoredDrift = Partial<DriftResult>;

/** One row per stored report (oldest first): each feature's statistic, p-value and verdict. */
export function driftHeatmap(history: StoredResult<StoredDrift>[]) {
  const features: string[] = [];
  const seen = new Set<string>();
  const rows = [...history].reverse().map((r) => {
    const cells: Record<string, { statistic: number | null; p_value: number | null; method: string | null; drift: boolean }> = {};
    for (const col of r.payload.report?.columns ?? []) {
      if (!seen.has(col.name)) seen.add(col.name), features.push(col.name);
      cells[col.name] = { statistic: col.statistic ?? null, p_value: col.p_value ?? null, method: col.method ?? null, drift: col.drift };
    }
    return { at: r.createdAt, window_id: r.payload.window?.id ?? r.dataVersion, cells };
  });
  return { features, rows };
}

export const driftRoutes: PluginRoute[] = [
  modelResultsRoute({
    path: '/v1/models/:model/drift',
    summary: 'Drift reports of a model: the latest (SPEC §5 report with explanations, prediction, segment, multivariate and streaming drift), a history, and a feature × time heat map of statistics',
    answer: 'latest report, history (newest first) and heat map (oldest first)',
    async read(model, q, results) {
      const history = await results.history<StoredDrift>('drift.report', { model, ...q });
      return {
        model,
        latest: history[0] ?? null,
        history: history.map((r) => ({
          at: r.createdAt,
          window: r.payload.window ?? null,
          reference_version: r.payload.reference?.version ?? null,
          share_drifted: r.payload.report?.share_drifted ?? null,
          dataset_drift: r.payload.report?.dataset_drift ?? null,
          drifted_features: (r.payload.report?.columns ?? []).filter((col) => col.drift).map((col) => col.name),
          prediction_drift: r.payload.prediction?.drift ?? null,
          multivariate: r.payload.multivariate ?? null,
          model_version: r.modelVersion,
          config_version: r.configVersion,
        })),
        heatmap: driftHeatmap(history),
      };
    },
  }),
];
