// Drift findings a person can act on: which features moved most (ranked by Jensen–Shannon
// distance, comparable across numerical and categorical columns), how they moved, and which
// data versions were compared.
import type { Finding } from '../../core/plugin-api/index.ts';
import type { ColumnReport, DriftReport } from '../../lib/drift/report.ts';

export interface Versions {
  reference: string;
  current: string;
  model_version: string | null;
}

const short = (v: string) => v.slice(0, 12);
const num = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : String(+x.toPrecision(3)));

/** Drifted columns, the most moved first. */
export function rankDrifted(columns: ColumnReport[]): ColumnReport[] {
  return columns.filter((c) => c.drift).sort((a, b) => (b.metrics?.jensen_shannon ?? 0) - (a.metrics?.jensen_shannon ?? 0));
}

export function verdict(c: ColumnReport): string {
  const by = c.p_value !== null ? `${c.method} p=${num(c.adjusted_p_value ?? c.p_value)} < ${num(c.threshold)}` : `${c.method} ${num(c.statistic)} ≥ ${num(c.threshold)}`;
  return c.explanation ? `${by}: ${c.explanation.summary}` : by;
}

export function topContributors(columns: ColumnReport[], n = 5) {
  return rankDrifted(columns)
    .slice(0, n)
    .map((c) => ({ feature: c.name, kind: c.kind, method: c.method, statistic: c.statistic, p_value: c.p_value, jensen_shannon: c.metrics?.jensen_shannon ?? null, how: c.explanation?.summary ?? null }));
}

export function featureFindings(model: string, report: DriftReport, v: Versions): Finding[] {
  return rankDrifted(report.columns).map((c) => ({
    kind: 'drift.feature',
    severity: 'warning',
    summary: `model ${model}: feature ${c.name} drifted (${verdict(c)})`,
    labels: { model, feature: c.name },
    details: { column: c, versions: v },
  }));
}

export function datasetFinding(model: string, report: DriftReport, v: Versions): Finding {
  const evaluated = report.columns.filter((c) => !c.error).length;
  const top = topContributors(report.columns, 3);
  return {
    kind: 'drift.dataset',
    severity: 'warning',
    summary:
      `model ${model}: ${report.columns.filter((c) => c.drift).length} of ${evaluated} features drifted (${(100 * report.share_drifted).toFixed(0)}%) ` +
      `between reference ${short(v.reference)} and window ${short(v.current)}; most moved: ` +
      top.map((t) => `${t.feature} (${t.how ?? t.method})`).join('; '),
    labels: { model },
    details: { share_drifted: report.share_drifted, top_features: topContributors(report.columns), versions: v },
  };
}

export function predictionFinding(model: string, column: ColumnReport, what: 'prediction' | 'score', v: Versions): Finding {
  return {
    kind: 'drift.prediction',
    severity: 'warning',
    summary: `model ${model}: the ${what} distribution drifted (${verdict(column)})`,
    labels: { model, feature: what },
    details: { column, versions: v },
  };
}
