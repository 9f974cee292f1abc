// The history failure risk is learned from: when each precursor pattern occurred (finding kinds
// and log-template bursts) and when failures occurred (findings of failure severities or kinds,
// and bursts of error-level log lines), all as epoch milliseconds.
import type { DataReader, Severity } from '../../core/plugin-api/index.ts';
import { readFindings } from '../../core/plugin-api/readers/event-reads.ts';
import { median } from '../../lib/robust/quantile.ts';

export interface HistorySettings {
  from: number;
  to: number;
  bucket: number;
  /** A finding seen again within this long of its previous sighting is the same condition still
   * being reported (stages re-report standing conditions every run): only its onset is a precursor. */
  repeatGap?: number;
  excludeStages: readonly string[];
  failure: { severities: Severity[]; kinds: string[]; log_levels: string[]; log_burst_min: number; log_burst_factor: number };
  precursors: { findings: boolean; templates: boolean; burst_min: number; burst_factor: number };
}

export interface History {
  /** Occurrence times per pattern name (`finding:<kind>`, `template_burst:<id>`). */
  precursors: Map<string, number[]>;
  failures: number[];
  /** Why each failure counted, for the evidence. */
  failureSources: { findings: number; log_bursts: number };
}

const matchesKind = (kind: string, prefixes: readonly string[]) => prefixes.some((p) => kind === p || kind.startsWith(p.endsWith('.') ? p : `${p}.`));

export async function readHistory(data: DataReader, s: HistorySettings): Promise<History> {
  const precursors = new Map<string, number[]>();
  const add = (name: string, t: number) => {
    const list = precursors.get(name);
    if (list) list.push(t);
    else precursors.set(name, [t]);
  };
  const failures: number[] = [];
  let failureFindings = 0;
  const lastSeen = new Map<string, number>();
  const findings = (await readFindings(data, { since: s.from, until: s.to, excludeStages: s.excludeStages })).sort((a, b) => a.ts - b.ts);
  for (const f of findings) {
    if (s.failure.severities.includes(f.severity) || matchesKind(f.kind, s.failure.kinds)) {
      failures.push(f.ts);
      failureFindings++;
    }
    const condition = `${f.kind}|${JSON.stringify(Object.entries(f.labels).sort(([a], [b]) => a.localeCompare(b)))}`;
    const previous = lastSeen.get(condition);
    lastSeen.set(condition, f.ts);
    if (s.precursors.findings && (previous === undefined || f.ts - previous > (s.repeatGap ?? 0))) add(`finding:${f.kind}`, f.ts);
  }

  let bursts = 0;
  if (s.failure.log_levels.length) {
    const rows = await data.logCounts({ from: s.from, to: s.to, step: s.bucket, by: 'none', levels: s.failure.log_levels });
    for (const i of burstBuckets(rows, s.from, s.to, s.bucket, s.failure.log_burst_min, s.failure.log_burst_factor)) {
      failures.push(s.from + i * s.bucket);
      bursts++;
    }
  }

  if (s.precursors.templates) {
    const rows = await data.logCounts({ from: s.from, to: s.to, step: s.bucket, by: 'template' });
    const byTemplate = new Map<string, { i: number; n: number }[]>();
    for (const r of rows) {
      const list = byTemplate.get(r.key!) ?? [];
      list.push({ i: r.i, n: r.n });
      byTemplate.set(r.key!, list);
    }
    for (const [t, list] of byTemplate) {
      for (const i of burstBuckets(list, s.from, s.to, s.bucket, s.precursors.burst_min, s.precursors.burst_factor)) add(`template_burst:${t}`, s.from + i * s.bucket);
    }
  }
  for (const list of precursors.values()) list.sort((a, b) => a - b);
  return { precursors, failures: failures.sort((a, b) => a - b), failureSources: { findings: failureFindings, log_bursts: bursts } };
}

/**
 * Buckets whose count reaches `min` and `factor` times the series' median bucket (empty buckets
 * count as zero, so a usually silent template bursts as soon as it reaches `min`).
 */
export function burstBuckets(rows: readonly { i: number | bigint; n: number | bigint }[], from: number, to: number, bucket: number, min: number, factor: number): number[] {
  const n = Math.max(1, Math.ceil((to - from) / bucket));
  const counts = new Float64Array(n);
  for (const r of rows) {
    const i = Number(r.i);
    if (i >= 0 && i < n) counts[i] = Number(r.n);
  }
  const typical = median(counts);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (counts[i]! >= min && counts[i]! >= factor * typical) out.push(i);
  return out;
}
