// Validates a batch of prediction rows (SPEC §3) straight into columns, or names every bad row,
// field and reason. Any error rejects the whole batch, so values of a row that turns out bad
// may already sit in the columns: the batch is thrown away with them.
import { ErrorList } from './errors.ts';
import { checkName, checkText, isPlainObject, parseTimestamp, preview, typeName } from './fields.ts';
import { PredictionBatch, type FeatureValue, type ModelColumns } from '../storage/prediction-batch.ts';
export { batchFromRows, type PredictionRow } from '../storage/prediction-batch.ts';

export type { FeatureValue } from '../storage/prediction-batch.ts';

/** One prediction in row form, for callers that build predictions in code (the demo). */

const known = new Set(['model', 'version', 'id', 'ts', 'features', 'prediction', 'score', 'segment', 'attributes']);
const maxFeatures = 2000;

export function validatePredictions(rows: unknown[], nowMs: number): PredictionBatch {
  const errors = new ErrorList();
  const batch = new PredictionBatch();
  // Batches usually carry one model: its name is checked once, not once per row.
  let checkedModel: string | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!isPlainObject(r)) {
      errors.add(i, '(row)', `must be an object, got ${typeName(r)}`);
      continue;
    }
    const before = errors.total;
    for (const k of Object.keys(r)) if (!known.has(k)) errors.add(i, k, 'unknown field');
    let cols: ModelColumns | null = null;
    if (r.model !== checkedModel || checkedModel === null) {
      const modelErr = checkName(r.model, 'model');
      if (modelErr) errors.add(i, 'model', r.model === undefined ? 'is required' : modelErr);
      else checkedModel = r.model as string;
    }
    if (checkedModel !== null && r.model === checkedModel) cols = batch.columnsFor(checkedModel);
    let version: string | null = null;
    if (r.version !== undefined && r.version !== null) {
      if (typeof r.version === 'number') version = String(r.version);
      else {
        const e = checkText(r.version, 'version', 128);
        if (e) errors.add(i, 'version', e);
        else version = r.version as string;
      }
    }
    let id: string | null = null;
    if (r.id !== undefined && r.id !== null) {
      if (typeof r.id === 'number' && Number.isFinite(r.id)) id = String(r.id);
      else {
        const e = checkText(r.id, 'id', 256);
        if (e) errors.add(i, 'id', e);
        else id = r.id as string;
      }
    }
    const ts = parseTimestamp(r.ts, nowMs);
    if (typeof ts === 'string') errors.add(i, 'ts', ts);
    const f = r.features;
    if (!isPlainObject(f)) {
      errors.add(i, 'features', f === undefined ? 'is required' : `must be an object, got ${typeName(f)}`);
    } else {
      const names = Object.keys(f);
      if (names.length > maxFeatures) errors.add(i, 'features', `has ${names.length} features; the limit is ${maxFeatures}`);
      else
        for (const name of names) {
          const v = f[name];
          if (name.length === 0 || name.length > 128) errors.add(i, `features.${preview(name)}`, 'feature names must be 1–128 characters');
          else if (typeof v === 'number') {
            if (Number.isFinite(v)) cols?.setFeature(name, v);
            else errors.add(i, `features.${name}`, 'must be a finite number');
          } else if (typeof v === 'string') {
            if (v.length > 4096) errors.add(i, `features.${name}`, 'string longer than 4096 characters');
            else cols?.setFeature(name, v);
          } else if (v === null || typeof v === 'boolean') cols?.setFeature(name, v);
          else errors.add(i, `features.${name}`, `must be a number, string, boolean or null, got ${typeName(v)}`);
        }
    }
    let predictionNum: number | null = null;
    let predictionStr: string | null = null;
    const p = r.prediction;
    if (typeof p === 'number') {
      if (Number.isFinite(p)) predictionNum = p;
      else errors.add(i, 'prediction', 'must be a finite number');
    } else if (typeof p === 'string') {
      if (p.length > 1024) errors.add(i, 'prediction', 'string longer than 1024 characters');
      else predictionStr = p;
    } else if (typeof p === 'boolean') predictionStr = String(p);
    else errors.add(i, 'prediction', p === undefined ? 'is required' : `must be a number or string, got ${typeName(p)}`);
    let score: number | null = null;
    if (r.score !== undefined && r.score !== null) {
      if (typeof r.score !== 'number' || !Number.isFinite(r.score)) errors.add(i, 'score', `must be a finite number, got ${typeName(r.score)}`);
      else score = r.score;
    }
    let segment: string | null = null;
    if (r.segment !== undefined && r.segment !== null) {
      const e = checkText(r.segment, 'segment', 256);
      if (e) errors.add(i, 'segment', e);
      else segment = r.segment as string;
    }
    let attributes: string | null = null;
    if (r.attributes !== undefined && r.attributes !== null) {
      if (!isPlainObject(r.attributes)) errors.add(i, 'attributes', `must be an object, got ${typeName(r.attributes)}`);
      else {
        const attrs: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(r.attributes)) {
          if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attrs[k] = v === null ? null : String(v);
          else errors.add(i, `attributes.${k}`, `must be a string, number, boolean or null, got ${typeName(v)}`);
        }
        attributes = JSON.stringify(attrs);
      }
    }
    if (errors.total === before) cols!.endRow(ts as number, version, id, segment, predictionNum, predictionStr, score, attributes, f as Record<string, unknown>);
  }
  errors.throwIfAny('invalid predictions');
  return batch;
}

/** Columns for predictions built in code, already in their normalized form. */
