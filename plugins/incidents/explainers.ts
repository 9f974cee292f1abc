// For model-quality incidents (drift, performance, validation findings), the features and
// segments those findings name: drifted columns of a drift report, segments with a shortfall,
// and feature/segment labels. Each gets a strength in [0, 1] relative to the strongest.
import type { StoredEvent } from '../../core/plugin-api/readers/event-reads.ts';

export interface Explainer {
  type: 'feature' | 'segment';
  name: string;
  /** Relative strength in (0, 1]. */
  strength: number;
  /** Findings (keys) that name it. */
  findings: string[];
  model?: string;
}

export function qualityExplainers(members: readonly StoredEvent[], qualityKinds: readonly string[]): Explainer[] {
  const raw = new Map<string, { type: Explainer['type']; name: string; value: number; findings: Set<string>; model?: string }>();
  const add = (type: Explainer['type'], name: unknown, value: unknown, e: StoredEvent) => {
    if (typeof name !== 'string' || name === '') return;
    const v = typeof value === 'number' && Number.isFinite(value) ? Math.abs(value) : 0;
    const key = `${type}:${e.labels.model ?? ''}:${name}`;
    const cur = raw.get(key) ?? { type, name, value: 0, findings: new Set<string>(), model: e.labels.model };
    cur.value = Math.max(cur.value, v);
    cur.findings.add(e.key);
    raw.set(key, cur);
  };
  for (const e of members) {
    if (!qualityKinds.some((k) => e.kind === k || e.kind.startsWith(k))) continue;
    // A drift finding carries its column report: its PSI/Jensen–Shannon compare across columns,
    // where a KS statistic and a chi-square statistic do not.
    const column = e.details?.column;
    const named = column && typeof column === 'object' ? strengthOfColumn(column as Record<string, unknown>) : (e.details?.statistic ?? e.details?.score ?? 1);
    add('feature', e.labels.feature ?? e.labels.column, named, e);
    add('segment', e.labels.segment, e.details?.shortfall ?? e.details?.drop ?? 1, e);
    const d = e.details ?? {};
    for (const c of arrayOf(d.columns)) if (c.drift === true) add('feature', c.name, strengthOfColumn(c), e);
    // A bare list of `features` names what a detector looked at (the PCA inputs), not what moved.
    for (const f of [...arrayOf(d.features).filter((x) => Object.keys(x).length > 1), ...arrayOf(d.drifted_features), ...arrayOf(d.top_features), ...arrayOf(d.contributors)]) {
      add('feature', f.name ?? f.feature, f.jensen_shannon ?? f.psi ?? f.score ?? f.statistic ?? f.contribution ?? f.importance ?? 1, e);
    }
    for (const s of [...arrayOf(d.segments), ...arrayOf(d.shortfalls)]) add('segment', s.segment ?? s.name, s.shortfall ?? s.drop ?? s.gap ?? s.delta ?? 1, e);
    for (const name of stringsOf(d.drifted_columns)) add('feature', name, 1, e);
  }
  const top = Math.max(0, ...[...raw.values()].map((r) => r.value));
  return [...raw.values()]
    .map((r) => ({ type: r.type, name: r.name, strength: top > 0 ? Math.max(r.value / top, 0.05) : 1, findings: [...r.findings], ...(r.model ? { model: r.model } : {}) }))
    .sort((a, b) => b.strength - a.strength || a.name.localeCompare(b.name));
}

function strengthOfColumn(c: Record<string, unknown>): number {
  const m = (c.metrics ?? {}) as Record<string, unknown>;
  // PSI and Jensen–Shannon are comparable across columns and tests; the test statistic is not.
  for (const v of [m.jensen_shannon, m.psi, c.statistic]) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return 1;
}

function arrayOf(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'string' ? { name: x } : x)).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
}

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
