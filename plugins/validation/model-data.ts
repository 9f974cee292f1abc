// Where a model's data comes from when a stage needs a reference or a window: a snapshot named
// in the config, the model's newest reference snapshot, or its first predictions as a fallback.
import type { StageContext } from '../../core/plugin-api/index.ts';
import { windowId } from '../../core/plugin-api/readers/prediction-windows.ts';
import { findSnapshot, newestReferenceVersion } from '../../core/plugin-api/readers/reference-snapshots.ts';

export type Values = Float64Array | (string | boolean | null)[];

export interface ReferenceData {
  /** snapshot: a content-addressed upload; window: the model's first stored predictions. */
  source: 'snapshot' | 'window';
  version: string;
  name: string | null;
  rows: number;
  columns: Record<string, Values>;
}

/**
 * The reference of a model: the snapshot named by `explicit` (or models.<m>.reference), else the
 * model's newest reference snapshot, else its first `fallbackRows` predictions.
 */
export async function resolveReference(
  ctx: Pick<StageContext, 'data' | 'models'>,
  model: string,
  explicit: string | undefined,
  fallbackRows: number,
): Promise<ReferenceData | null> {
  const wanted = explicit ?? ctx.models[model]?.reference;
  if (wanted) {
    const snap = await ctx.data.snapshot(wanted);
    if (!snap) throw new Error(`model ${model}: reference snapshot "${wanted}" is not stored (upload it with POST /v1/snapshots)`);
    return { source: 'snapshot', version: snap.info.version, name: snap.info.name, rows: snap.info.rows, columns: snap.columns };
  }
  const newest = await newestReferenceVersion(ctx.data, model);
  if (newest) {
    const snap = await ctx.data.snapshot(newest);
    if (snap) return { source: 'snapshot', version: snap.info.version, name: snap.info.name, rows: snap.info.rows, columns: snap.columns };
  }
  const first = await ctx.data.firstPredictions(model, fallbackRows);
  if (!first || first.rows === 0) return null;
  const since = new Date(first.ts.reduce((a, b) => Math.min(a, b), Infinity));
  const until = new Date(first.ts.reduce((a, b) => Math.max(a, b), -Infinity) + 1);
  return { source: 'window', version: windowId(model, since, until, first.rows), name: `first ${first.rows} predictions`, rows: first.rows, columns: first.features };
}

export type ReferenceIdentity = Omit<ReferenceData, 'columns'>;

/** What `resolveReference` would return, without its columns (no rows read); null when there is none. */
export async function referenceIdentity(ctx: Pick<StageContext, 'data' | 'models'>, model: string, explicit: string | undefined, fallbackRows: number): Promise<ReferenceIdentity | null> {
  const wanted = explicit ?? ctx.models[model]?.reference ?? (await newestReferenceVersion(ctx.data, model));
  if (wanted) {
    const snap = await findSnapshot(ctx.data, wanted);
    // A missing snapshot is reported by resolveReference, which reads it.
    return snap ? { source: 'snapshot', version: snap.version, name: snap.name, rows: snap.rows } : null;
  }
  const e = await ctx.data.predictionExtent(model, { firstRows: fallbackRows });
  if (!e.rows) return null;
  return { source: 'window', version: windowId(model, new Date(e.firstMs!), new Date(e.lastMs! + 1), e.rows), name: `first ${e.rows} predictions`, rows: e.rows };
}
