// Where a model's data comes from when a stage needs a reference or a window: a snapshot named
// in the config, the model's newest reference snapshot, or its first predictions as a fallback.
import { createHash } from 'node:crypto';
import type { DataReader, PredictionColumns, StageContext } from '../../core/plugin-api/index.ts';

export type Values = Float64Array | (string | boolean | null)[];

export interface ReferenceData {
  /** snapshot: a content-addressed upload; window: the model's first stored predictions. */
  source: 'snapshot' | 'window';
  version: string;
  name: string | null;
  rows: number;
  columns: Record<string, Values>;
}

/** A window's data version: sha256 of the model, its time range and row count. */
export function windowId(model: string, since: Date | null, until: Date | null, rows: number): string {
  return createHash('sha256')
    .update(JSON.stringify([model, since?.toISOString() ?? null, until?.toISOString() ?? null, rows]))
    .digest('hex');
}

/** The first `n` predictions of a model by arrival order, or null when there are none. */
export async function firstPredictions(data: DataReader, model: string, n: number, features?: string[]): Promise<PredictionColumns | null> {
  const t = await data.query<{ table_name: string }>('SELECT table_name FROM models WHERE model = ?', [model]);
  if (!t[0]) return null;
  // Table names come from the models table (pred_<id>), never from user input.
  const cut = await data.query<{ s: number | null; t: number | null }>(
    `SELECT max(seq)::DOUBLE AS s, max(epoch_ms(ts))::DOUBLE AS t FROM (SELECT seq, ts FROM "${t[0].table_name.replace(/"/g, '')}" ORDER BY seq LIMIT ${Math.max(1, Math.floor(n))})`,
  );
  const lastSeq = cut[0]?.s;
  const lastTs = cut[0]?.t;
  if (lastSeq === null || lastSeq === undefined || lastTs === null || lastTs === undefined) return null;
  const cols = await data.predictions(model, { until: new Date(lastTs + 1), features });
  // Rows may arrive out of time order: keep exactly the first n by sequence.
  const keep: number[] = [];
  for (let i = 0; i < cols.rows; i++) if (cols.seq[i]! <= lastSeq) keep.push(i);
  return keep.length === cols.rows ? cols : selectRows(cols, keep);
}

function pick<T>(values: ArrayLike<T>, rows: number[]): T[] {
  return rows.map((i) => values[i]!);
}

function pickF64(values: Float64Array, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]!]!;
  return out;
}

/** The given rows of a columnar prediction set. */
export function selectRows(c: PredictionColumns, rows: number[]): PredictionColumns {
  const features: PredictionColumns['features'] = {};
  for (const [k, v] of Object.entries(c.features)) features[k] = v instanceof Float64Array ? pickF64(v, rows) : pick(v, rows);
  const attributes: PredictionColumns['attributes'] = {};
  for (const [k, v] of Object.entries(c.attributes)) attributes[k] = pick(v, rows);
  return {
    rows: rows.length,
    seq: pickF64(c.seq, rows),
    ts: pickF64(c.ts, rows),
    id: pick(c.id, rows),
    version: pick(c.version, rows),
    segment: pick(c.segment, rows),
    predictionNum: pickF64(c.predictionNum, rows),
    predictionStr: pick(c.predictionStr, rows),
    score: pickF64(c.score, rows),
    labelNum: pickF64(c.labelNum, rows),
    labelStr: pick(c.labelStr, rows),
    features,
    attributes,
  };
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
  const refs = (await ctx.data.snapshots(model)).filter((s) => s.role === 'reference');
  const newest = refs[refs.length - 1];
  if (newest) {
    const snap = await ctx.data.snapshot(newest.version);
    if (snap) return { source: 'snapshot', version: snap.info.version, name: snap.info.name, rows: snap.info.rows, columns: snap.columns };
  }
  const first = await firstPredictions(ctx.data, model, fallbackRows);
  if (!first || first.rows === 0) return null;
  const since = new Date(first.ts.reduce((a, b) => Math.min(a, b), Infinity));
  const until = new Date(first.ts.reduce((a, b) => Math.max(a, b), -Infinity) + 1);
  return { source: 'window', version: windowId(model, since, until, first.rows), name: `first ${first.rows} predictions`, rows: first.rows, columns: first.features };
}
