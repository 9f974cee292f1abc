// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// Windows of a model's predictions: the version that names one, a slice of one, and the model's
// first predictions (the reference when no reference snapshot is stored).
import { createHash } from 'node:crypto';
import type { DataReader, PredictionColumns } from '../index.ts';

/** A window's data version: sha256 of the model, its time range and row count. */
export function windowId(model: string, since: Date | null, until: Date | null, rows: number): string {
  return createHash('sha256')
    .update(JSON.stringify([model, since?.toISOString() ?? null, until?.toISOString() ?? null, rows]))
    .digest('hex');
}

/** Rows [start, end) of a columnar prediction set (views for typed arrays, no copy). */
export function sliceColumns(c: PredictionColumns, start: number, end: number): PredictionColumns {
  const features: PredictionColumns['features'] = {};
  for (const [k, v] of Object.entries(c.features)) features[k] = v instanceof Float64Array ? v.subarray(start, end) : v.slice(start, end);
  const attributes: PredictionColumns['attributes'] = {};
  for (const [k, v] of Object.entries(c.attributes)) attributes[k] = v.slice(start, end);
  return {
    rows: end - start,
    seq: c.seq.subarray(start, end),
    ts: c.ts.subarray(start, end),
    id: c.id.slice(start, end),
    version: c.version.slice(start, end),
    segment: c.segment.slice(start, end),
    predictionNum: c.predictionNum.subarray(start, end),
    predictionStr: c.predictionStr.slice(start, end),
    score: c.score.subarray(start, end),
    labelNum: c.labelNum.subarray(start, end),
    labelStr: c.labelStr.slice(start, end),
    features,
    attributes,
  };
}

/**
 * The first `n` predictions of a model by arrival order (only the named features, or all of them),
 * or null when the model has none.
 */
export async function firstPredictions(data: DataReader, model: string, n: number, features?: string[]): Promise<PredictionColumns | null> {
  const t = await data.query<{ table_name: string }>('SELECT table_name FROM models WHERE model = ?', [model]);
  if (!t[0]) return null;
  // The table name comes from the models table (pred_<id>), never from user input.
  const cut = await data.query<{ s: number | null; t: number | null }>(
    `SELECT max(seq)::DOUBLE AS s, max(epoch_ms(ts))::DOUBLE AS t FROM (SELECT seq, ts FROM "${t[0].table_name.replace(/"/g, '')}" ORDER BY seq LIMIT ${Math.max(1, Math.floor(n))})`,
  );
  const lastSeq = cut[0]?.s;
  const lastTs = cut[0]?.t;
  if (lastSeq == null || lastTs == null) return null;
  const c = await data.predictions(model, { until: new Date(lastTs + 1), features });
  // Rows come oldest first by seq; a row stamped earlier but sent later is not among the first n.
  let keep = c.rows;
  while (keep > 0 && c.seq[keep - 1]! > lastSeq) keep--;
  return keep === c.rows ? c : sliceColumns(c, 0, keep);
}
