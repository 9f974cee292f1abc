// Ranks the likely causes of one incident. Metric series and log counts are scored by how far and
// how early they left their own baseline (lib/rca rankRootCauses, with the call-graph walk when a
// topology is given); deploys and new model versions shortly before the start are candidates
// too, and for model-quality incidents so are the features and segments the findings name.
import type { DataReader } from '../../core/plugin-api/index.ts';
import type { CallGraph } from '../../lib/rca/call-graph.ts';
import { rankRootCauses } from '../../lib/rca/rank.ts';
import type { ChangeReader } from './changes.ts';
import { qualityExplainers } from './explainers.ts';
import { readSeriesGrid, templateTexts, type SeriesGrid } from '../../core/plugin-api/readers/series-reads.ts';
import type { TrackedIncident } from './tracker.ts';

export interface RcaSettings {
  bucket: number;
  baseline: number;
  lead: number;
  max_series: number;
  max_candidates: number;
  onset_z: number;
  earliness_weight: number;
  restart: number;
  log_levels: string[];
  change_kinds: string[];
  change_lookback: number;
  change_weight: number;
  quality_kinds: string[];
  quality_weight: number;
}

export interface Candidate {
  rank: number;
  type: 'metric' | 'log_template' | 'log_level' | 'model_version' | 'deploy' | 'feature' | 'segment';
  name: string;
  /** What an operator reads for it where the name is an internal key: a log template's text. */
  label?: string;
  score: number;
  node?: string;
  evidence: Record<string, unknown>;
}

export interface IncidentRanking {
  incident_id: number;
  revision: number;
  /** Where the baseline ends and the incident window begins (epoch ms), and the window's end. */
  window: { baseline_from: number; start: number; end: number; bucket_ms: number };
  series_scored: number;
  ranking: Candidate[];
  /** Why part of the evidence could not be scored (too little data), when it could not. */
  notes: string[];
}

export async function rankIncident(data: DataReader, changeReader: ChangeReader, inc: TrackedIncident, s: RcaSettings, graph: CallGraph | undefined, nowMs: number): Promise<IncidentRanking> {
  // Findings are stamped when a stage noticed the problem, which is after it began: the window
  // opens `lead` earlier so that the first movers fall inside it rather than in the baseline.
  let start = Math.floor((inc.start - s.lead) / s.bucket) * s.bucket;
  let from = start - s.baseline;
  const to = Math.min(Math.max(inc.end, start) + s.bucket, nowMs + s.bucket);
  const notes: string[] = [];
  const out: Omit<Candidate, 'rank'>[] = [];

  let grid = await readSeriesGrid(data, { from, to, step: s.bucket, maxSeries: s.max_series, levels: s.log_levels });
  // Before the first stored point there is no baseline, only absence: a series is compared with
  // its own past from there on, and the window opens late enough to leave some past to compare.
  const first = firstBucketWithData(grid);
  if (first > 0) {
    grid = sliceGrid(grid, first);
    from = grid.from;
    const incidentBucket = Math.floor(inc.start / s.bucket) * s.bucket;
    start = Math.max(start, Math.min(from + minBaselineBuckets * s.bucket, incidentBucket));
  }
  let scored = 0;
  if (grid.series.size > 0 && grid.timestamps.length > 1) {
    try {
      const symptom = inc.symptom.labels.service ?? inc.symptom.labels.node ?? inc.symptom.labels.microservice;
      const ranked = rankRootCauses(
        { timestamps: grid.timestamps, series: grid.series, start, graph, seriesNode: grid.nodeOf, symptom: graph && symptom && graph.nodes.includes(symptom) ? symptom : undefined },
        { onsetZ: s.onset_z, earlinessWeight: s.earliness_weight, restart: s.restart },
      );
      scored = ranked.length;
      for (const r of ranked) {
        if (!(r.score > 0)) continue;
        out.push({ type: grid.kindOf[r.series] ?? 'metric', name: r.series, score: r.score, ...(r.node ? { node: r.node } : {}), evidence: { ...r.evidence } });
      }
    } catch (e) {
      notes.push(`series not ranked: ${(e as Error).message}`);
    }
  } else notes.push('no metric or log series in the incident window');

  const changes = await changeReader.between(start - s.change_lookback, to);
  for (const c of changes) {
    // The closer a change came before the start, the likelier it is the trigger; one during the
    // incident is still a candidate, at the closest weight.
    const age = Math.max(0, start - c.ts);
    const proximity = Math.max(0, 1 - age / s.change_lookback);
    out.push({ type: c.type, name: c.name, score: s.change_weight * (0.5 + 0.5 * proximity), evidence: { at: c.ts, minutes_before_start: Math.round((start - c.ts) / 60_000), ...c.details } });
  }

  // An incident made only of a model's own findings is explained first by that model's data
  // (its drifted features, weak segments); the services' series that moved meanwhile follow.
  const aboutModel = inc.members.length > 0 && inc.members.every((m) => m.labels.model !== undefined);
  const above = aboutModel ? Math.max(0, ...out.map((c) => c.score)) : 0;
  for (const x of qualityExplainers(inc.members, s.quality_kinds)) {
    out.push({ type: x.type, name: x.name, score: above + s.quality_weight * (0.5 + 0.5 * x.strength), evidence: { strength: x.strength, findings: x.findings, ...(x.model ? { model: x.model } : {}) } });
  }

  const ranking = out
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, s.max_candidates)
    .map((c, i) => ({ rank: i + 1, ...c }));
  await labelTemplates(data, ranking);
  return { incident_id: inc.id, revision: inc.revision, window: { baseline_from: from, start, end: to, bucket_ms: s.bucket }, series_scored: scored, ranking, notes };
}

/** Buckets of data a baseline needs before the window may open (when data began recently). */
const minBaselineBuckets = 6;

function firstBucketWithData(grid: SeriesGrid): number {
  let first = grid.timestamps.length;
  for (const values of grid.series.values()) {
    for (let i = 0; i < Math.min(first, values.length); i++) {
      const v = values[i]!;
      if (v === v && v !== 0) {
        first = i;
        break;
      }
    }
  }
  return first === grid.timestamps.length ? 0 : first;
}

function sliceGrid(grid: SeriesGrid, first: number): SeriesGrid {
  const series = new Map<string, Float64Array>();
  for (const [k, v] of grid.series) series.set(k, v.subarray(first));
  return { ...grid, from: grid.timestamps[first]!, timestamps: grid.timestamps.subarray(first), series };
}

/** Log-count series are keyed by template id; the ranking carries each template's text beside it. */
async function labelTemplates(data: DataReader, ranking: Candidate[]): Promise<void> {
  const text = await templateTexts(data, ranking.filter((c) => c.type === 'log_template').map((c) => c.name));
  for (const c of ranking) {
    const t = c.type === 'log_template' ? text.get(c.name) : undefined;
    if (t !== undefined) c.label = t;
  }
}
