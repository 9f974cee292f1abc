// Validates a batch of prediction rows (SPEC §3) into a normalized form, or names every
// bad row, field and reason.
import { ErrorList } from './errors.ts';
import { checkName, checkText, isPlainObject, parseTimestamp, preview, typeName } from './fields.ts';

export type FeatureValue = number | string | boolean | null;

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

const known = new Set(['model', 'version', 'id', 'ts', 'features', 'prediction', 'score', 'segment', 'attributes']);
const maxFeatures = 2000;

export function validatePredictions(rows: unknown[], nowMs: number): PredictionRow[] {
  const errors = new ErrorList();
  const out: PredictionRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!isPlainObject(r)) {
      errors.add(i, '(row)', `must be an object, got ${typeName(r)}`);
      continue;
    }
    let ok = true;
    const bad = (field: string, reason: string) => {
      ok = false;
      errors.add(i, field, reason);
    };
    for (const k of Object.keys(r)) if (!known.has(k)) bad(k, 'unknown field');
    const modelErr = checkName(r.model, 'model');
    if (modelErr) bad('model', r.model === undefined ? 'is required' : modelErr);
    let version: string | null = null;
    if (r.version !== undefined && r.version !== null) {
      if (typeof r.version === 'number') version = String(r.version);
      else {
        const e = checkText(r.version, 'version', 128);
        if (e) bad('version', e);
        else version = r.version as string;
      }
    }
    let id: string | null = null;
    if (r.id !== undefined && r.id !== null) {
      if (typeof r.id === 'number' && Number.isFinite(r.id)) id = String(r.id);
      else {
        const e = checkText(r.id, 'id', 256);
        if (e) bad('id', e);
        else id = r.id as string;
      }
    }
    const ts = parseTimestamp(r.ts, nowMs);
    if (typeof ts === 'string') bad('ts', ts);
    const features: Record<string, FeatureValue> = {};
    if (!isPlainObject(r.features)) {
      bad('features', r.features === undefined ? 'is required' : `must be an object, got ${typeName(r.features)}`);
    } else {
      const names = Object.keys(r.features);
      if (names.length > maxFeatures) bad('features', `has ${names.length} features; the limit is ${maxFeatures}`);
      else
        for (const name of names) {
          const v = r.features[name];
          if (name.length === 0 || name.length > 128) bad(`features.${preview(name)}`, 'feature names must be 1–128 characters');
          else if (v === null || typeof v === 'string' || typeof v === 'boolean') {
            if (typeof v === 'string' && v.length > 4096) bad(`features.${name}`, 'string longer than 4096 characters');
            else features[name] = v;
          } else if (typeof v === 'number') {
            if (Number.isFinite(v)) features[name] = v;
            else bad(`features.${name}`, 'must be a finite number');
          } else bad(`features.${name}`, `must be a number, string, boolean or null, got ${typeName(v)}`);
        }
    }
    let predictionNum: number | null = null;
    let predictionStr: string | null = null;
    const p = r.prediction;
    if (typeof p === 'number') {
      if (Number.isFinite(p)) predictionNum = p;
      else bad('prediction', 'must be a finite number');
    } else if (typeof p === 'string') {
      if (p.length > 1024) bad('prediction', 'string longer than 1024 characters');
      else predictionStr = p;
    } else if (typeof p === 'boolean') predictionStr = String(p);
    else bad('prediction', p === undefined ? 'is required' : `must be a number or string, got ${typeName(p)}`);
    let score: number | null = null;
    if (r.score !== undefined && r.score !== null) {
      if (typeof r.score !== 'number' || !Number.isFinite(r.score)) bad('score', `must be a finite number, got ${typeName(r.score)}`);
      else score = r.score;
    }
    let segment: string | null = null;
    if (r.segment !== undefined && r.segment !== null) {
      const e = checkText(r.segment, 'segment', 256);
      if (e) bad('segment', e);
      else segment = r.segment as string;
    }
    let attributes: Record<string, string | null> | null = null;
    if (r.attributes !== undefined && r.attributes !== null) {
      if (!isPlainObject(r.attributes)) bad('attributes', `must be an object, got ${typeName(r.attributes)}`);
      else {
        attributes = {};
        for (const [k, v] of Object.entries(r.attributes)) {
          if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v === null ? null : String(v);
          else bad(`attributes.${k}`, `must be a string, number, boolean or null, got ${typeName(v)}`);
        }
      }
    }
    if (ok) {
      out[i] = {
        model: r.model as string,
        version,
        id,
        ts: ts as number,
        features,
        predictionNum,
        predictionStr,
        score,
        segment,
        attributes,
      };
    }
  }
  errors.throwIfAny('invalid predictions');
  return out;
}
