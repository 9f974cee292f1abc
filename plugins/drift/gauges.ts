// The drift stage's gauges: the newest drift report of each model, per feature and overall.
import type { GaugePoint, PluginGauge, ResultReader } from '../../core/plugin-api/index.ts';
import type { DriftResult } from './index.ts';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

async function latestReports(results: ResultReader): Promise<{ model: string; report: DriftResult['report'] }[]> {
  const out = [];
  for (const r of await results.latestPerModel<Partial<DriftResult>>('drift.report')) {
    const report = r.payload.report;
    if (report && Array.isArray(report.columns) && r.model) out.push({ model: r.model, report });
  }
  return out;
}

function perFeature(pick: (c: DriftResult['report']['columns'][number]) => number | null, withMethod: boolean) {
  return async (results: ResultReader): Promise<GaugePoint[]> =>
    (await latestReports(results)).flatMap(({ model, report }) =>
      report.columns.flatMap((c) => {
        const value = pick(c);
        if (value === null) return [];
        const attributes: Record<string, string> = { model, feature: c.name };
        if (withMethod) attributes.method = c.method ?? 'unknown';
        return [{ value, attributes }];
      }),
    );
}

export const driftGauges: PluginGauge[] = [
  { name: 'sidewatch_drift_statistic', help: 'Drift statistic of each feature in the newest drift report of its model', read: perFeature((c) => (finite(c.statistic) ? c.statistic : null), true) },
  { name: 'sidewatch_drift_p_value', help: 'Drift test p-value of each feature in the newest drift report (tests with a p-value only)', read: perFeature((c) => (finite(c.p_value) ? c.p_value : null), true) },
  { name: 'sidewatch_drift_detected', help: '1 when the feature drifted in the newest drift report of its model, else 0', read: perFeature((c) => (typeof c.drift === 'boolean' ? (c.drift ? 1 : 0) : null), false) },
  {
    name: 'sidewatch_drift_share',
    help: 'Share of drifted features in the newest drift report of each model',
    read: async (results) => (await latestReports(results)).filter((r) => finite(r.report.share_drifted)).map(({ model, report }) => ({ value: report.share_drifted, attributes: { model } })),
  },
  {
    name: 'sidewatch_dataset_drift',
    help: '1 when the newest drift report of the model flags dataset drift, else 0',
    read: async (results) => (await latestReports(results)).filter((r) => typeof r.report.dataset_drift === 'boolean').map(({ model, report }) => ({ value: report.dataset_drift ? 1 : 0, attributes: { model } })),
  },
];
