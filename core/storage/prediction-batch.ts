// A validated batch of predictions held column by column, one set of columns per model: the
// validator fills it in one pass and the writer copies it into DuckDB vectors, with no row
// object in between.
export type FeatureValue = number | string | boolean | null;
export type FeatureKind = 'number' | 'string' | 'boolean';

/** One bit per kind, so "every value fits this column" is a single comparison. */
export const kindBit: Record<FeatureKind, number> = { number: 1, string: 2, boolean: 4 };

export function kindOf(v: FeatureValue): FeatureKind | null {
  if (v === null) return null;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

export interface BatchFeature {
  name: string;
  /** Indexed by the model's row; undefined where a row did not send the feature. */
  values: (FeatureValue | undefined)[];
  /** Bits of kindBit for every non-null value seen. */
  kinds: number;
  /** Kind of the first non-null value: a new column takes its type from it. */
  firstKind: FeatureKind | null;
  /**
   * Position of that first non-null value in the batch (rows in order, keys in order), -1 when
   * every value is null: new columns are added in this order.
   */
  firstTyped: number;
}

export class ModelColumns {
  readonly model: string;
  length = 0;
  /** Epoch milliseconds. */
  readonly ts: number[] = [];
  readonly version: (string | null)[] = [];
  readonly id: (string | null)[] = [];
  readonly segment: (string | null)[] = [];
  readonly predictionNum: (number | null)[] = [];
  readonly predictionStr: (string | null)[] = [];
  readonly score: (number | null)[] = [];
  /** JSON text of the attributes object, or null. */
  readonly attributes: (string | null)[] = [];
  /** Each row's features object, for the raw form of rows whose values do not fit their columns. */
  readonly featureObjects: Record<string, unknown>[] = [];
  readonly features = new Map<string, BatchFeature>();
  readonly #batch: PredictionBatch;

  constructor(model: string, batch: PredictionBatch) {
    this.model = model;
    this.#batch = batch;
  }

  /** Sets a feature of the row being built (index `length`), before `endRow`. */
  setFeature(name: string, v: FeatureValue): void {
    // A plain object never kept a feature named __proto__ (the assignment changes the prototype
    // instead), and readers hand features out as plain objects: it stays out of the columns.
    if (name === '__proto__') return;
    let f = this.features.get(name);
    if (!f) this.features.set(name, (f = { name, values: [], kinds: 0, firstKind: null, firstTyped: -1 }));
    f.values[this.length] = v;
    if (v === null) return;
    const kind = kindOf(v)!;
    if (f.firstKind === null) {
      f.firstKind = kind;
      f.firstTyped = this.#batch.nextTypedOrder();
    }
    f.kinds |= kindBit[kind];
  }

  endRow(
    ts: number,
    version: string | null,
    id: string | null,
    segment: string | null,
    predictionNum: number | null,
    predictionStr: string | null,
    score: number | null,
    attributes: string | null,
    features: Record<string, unknown>,
  ): void {
    this.ts.push(ts);
    this.version.push(version);
    this.id.push(id);
    this.segment.push(segment);
    this.predictionNum.push(predictionNum);
    this.predictionStr.push(predictionStr);
    this.score.push(score);
    this.attributes.push(attributes);
    this.featureObjects.push(features);
    this.length++;
  }
}

export class PredictionBatch {
  readonly models = new Map<string, ModelColumns>();
  #typedOrder = 0;

  get rowCount(): number {
    let n = 0;
    for (const m of this.models.values()) n += m.length;
    return n;
  }

  columnsFor(model: string): ModelColumns {
    let m = this.models.get(model);
    if (!m) this.models.set(model, (m = new ModelColumns(model, this)));
    return m;
  }

  nextTypedOrder(): number {
    return this.#typedOrder++;
  }
}

/** The raw form of a row's features, as the row-by-row writer stored it. */
export function rawFeaturesJson(features: Record<string, unknown>): string {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(features)) copy[k] = features[k];
  return JSON.stringify(copy);
}

/** One prediction as a plain row (the demo model and tests build these). */
export interface PredictionRow {
  model: string;
  version: string | null;
  id: string | null;
  ts: number;
  features: Record<string, FeatureValue>;
  predictionNum: number | null;
  predictionStr: string | null;
  score: number | null;
  segment: string | null;
  attributes: Record<string, string | null> | null;
}

/** The columnar batch of plain rows, in order. */
export function batchFromRows(rows: readonly PredictionRow[]): PredictionBatch {
  const batch = new PredictionBatch();
  for (const r of rows) {
    const cols = batch.columnsFor(r.model);
    for (const name in r.features) cols.setFeature(name, r.features[name]!);
    const attributes = r.attributes ? JSON.stringify(r.attributes) : null;
    cols.endRow(r.ts, r.version, r.id, r.segment, r.predictionNum, r.predictionStr, r.score, attributes, r.features);
  }
  return batch;
}
