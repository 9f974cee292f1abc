// The two sides a drift report compares, read from the store: the reference (a snapshot, a past
// time range or the first predictions) and the current window (by time or by row count). Only
// the feature columns needed are read, as typed arrays.
import type { PredictionColumns, StageContext } from '../../core/plugin-api/index.ts';
import { windowId } from '../../core/plugin-api/readers/prediction-windows.ts';
import { newestReferenceVersion } from '../../core/plugin-api/readers/reference-snapshots.ts';

export type Values = Float64Array | (string | boolean | null)[];

export interface Side {
  source: 'snapshot' | 'window';
  version: string;
  name: string | null;
  rows: number;
  since: string | null;
  until: string | null;
  features: Record<string, Values>;
  prediction: Values | null;
  score: Float64Array | null;
  segment: (string | null)[] | null;
  /** Windows only: the rows themselves, for the streaming detectors and versions. */
  columns?: PredictionColumns;
}

export interface ReferenceSettings {
  snapshot?: string;
  since?: Date;
  until?: Date;
  firstRows: number;
  predictionColumn: string;
  scoreColumn: string;
  segmentColumn: string;
}

/** The prediction column: numbers when the model predicts numbers, else its text. */
export function predictionValues(c: PredictionColumns): Values | null {
  for (let i = 0; i < c.rows; i++) if (c.predictionNum[i] === c.predictionNum[i]) return c.predictionNum;
  return c.predictionStr.some((v) => v !== null) ? c.predictionStr : null;
}

function hasValue(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === a[i]) return true;
  return false;
}

export function windowSide(model: string, c: PredictionColumns, since: Date | null, until: Date | null): Side {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < c.rows; i++) {
    if (c.ts[i]! < first) first = c.ts[i]!;
    if (c.ts[i]! > last) last = c.ts[i]!;
  }
  const lo = since ?? new Date(c.rows ? first : 0);
  const hi = until ?? new Date(c.rows ? last + 1 : 0);
  return {
    source: 'window',
    version: windowId(model, lo, hi, c.rows),
    name: null,
    rows: c.rows,
    since: lo.toISOString(),
    until: hi.toISOString(),
    features: c.features,
    prediction: predictionValues(c),
    score: hasValue(c.score) ? c.score : null,
    segment: c.segment.some((s) => s !== null) ? c.segment : null,
    columns: c,
  };
}

/**
 * The reference of a model: a named snapshot (stage setting or models.<m>.reference), a past
 * time range, the newest reference snapshot, or the first predictions, in that order.
 */
export async function readReference(
  ctx: Pick<StageContext, 'data' | 'models'>,
  model: string,
  features: string[],
  s: ReferenceSettings,
): Promise<Side | null> {
  let wanted = s.snapshot ?? ctx.models[model]?.reference;
  if (!wanted && !s.since && !s.until) {
    wanted = await newestReferenceVersion(ctx.data, model);
  }
  if (wanted) {
    const snap = await ctx.data.snapshot(wanted);
    if (!snap) throw new Error(`reference snapshot "${wanted}" is not stored (upload it with POST /v1/snapshots)`);
    const cols = snap.columns;
    const feats: Record<string, Values> = {};
    for (const f of features) if (cols[f]) feats[f] = cols[f];
    const score = cols[s.scoreColumn];
    const segment = cols[s.segmentColumn];
    return {
      source: 'snapshot',
      version: snap.info.version,
      name: snap.info.name,
      rows: snap.info.rows,
      since: null,
      until: null,
      features: feats,
      prediction: cols[s.predictionColumn] ?? null,
      score: score instanceof Float64Array ? score : null,
      segment: segment ? Array.from(segment as ArrayLike<unknown>, (v) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v))) : null,
    };
  }
  if (s.since || s.until) {
    const c = await ctx.data.predictions(model, { since: s.since, until: s.until, features });
    return c.rows ? windowSide(model, c, s.since ?? null, s.until ?? null) : null;
  }
  const first = await ctx.data.firstPredictions(model, s.firstRows, features);
  return first && first.rows ? windowSide(model, first, null, null) : null;
}
