// The performance stage's gauges: the newest realized and estimated figures of each model, by
// metric, read through the stage's own health signal so the gauge and the retraining policies
// see the same numbers.
import type { GaugePoint, PluginGauge, ResultReader } from '../../core/plugin-api/index.ts';
import { performanceSignals } from './signals.ts';

function figures(kind: 'performance.realized' | 'performance.estimated') {
  return async (results: ResultReader): Promise<GaugePoint[]> => {
    const out: GaugePoint[] = [];
    for (const r of await results.latestPerModel(kind)) {
      if (!r.model) continue;
      const signal = performanceSignals.performance!(r) as { value: { metrics: Record<string, number> } } | null;
      for (const [metric, value] of Object.entries(signal?.value.metrics ?? {})) out.push({ value, attributes: { model: r.model, metric } });
    }
    return out;
  };
}

export const performanceGauges: PluginGauge[] = [
  { name: 'sidewatch_performance_realized', help: 'Newest realized (labelled) performance of each model, by metric', read: figures('performance.realized') },
  { name: 'sidewatch_performance_estimated', help: 'Newest estimated performance of each model (confidence-based, before labels arrive), by metric', read: figures('performance.estimated') },
];
