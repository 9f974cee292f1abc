// The columnar form of a model's predictions that stages compute over. It lives in lib because
// pure algorithms (A/B comparison, fairness) take it as input; the plugin contract re-exports it.

/** Predictions of one model in columnar form, oldest first. */
export interface PredictionColumns {
  rows: number;
  seq: Float64Array;
  ts: Float64Array; // epoch milliseconds
  id: (string | null)[];
  version: (string | null)[];
  segment: (string | null)[];
  predictionNum: Float64Array; // NaN where the prediction is not numeric
  predictionStr: (string | null)[];
  score: Float64Array; // NaN where absent
  /** Joined late by (model, id); NaN / null until a label arrives. */
  labelNum: Float64Array;
  labelStr: (string | null)[];
  /** Numeric features as Float64Array (NaN for null), others as arrays of string|boolean|null. */
  features: Record<string, Float64Array | (string | boolean | null)[]>;
  /** Sensitive attributes supplied beside the features (not used by the model), by name. */
  attributes: Record<string, (string | null)[]>;
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

/** A set with no rows, with an empty column for each named feature. */
export function emptyColumns(features: readonly string[]): PredictionColumns {
  const f: PredictionColumns['features'] = {};
  for (const n of features) f[n] = new Float64Array(0);
  return {
    rows: 0,
    seq: new Float64Array(0),
    ts: new Float64Array(0),
    id: [],
    version: [],
    segment: [],
    predictionNum: new Float64Array(0),
    predictionStr: [],
    score: new Float64Array(0),
    labelNum: new Float64Array(0),
    labelStr: [],
    features: f,
    attributes: {},
  };
}
