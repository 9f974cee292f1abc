// Model-server payloads → feature rows and outputs. Two wire protocols cover what KServe, Seldon,
// MLServer and Triton send: V1 (`instances` / `predictions`) and the Open Inference Protocol V2
// (`inputs` / `outputs` tensors). Pure: a payload in, rows or a reason out.

export type Scalar = number | string | boolean | null;

export class PayloadError extends Error {}

/** A request's instances as named features, in order. */
export interface RequestRows {
  rows: Record<string, Scalar>[];
}

/** A response's outputs, one per instance: the label or value, and a score when there are probabilities. */
export interface ResponseRows {
  outputs: { prediction: number | string; score: number | null }[];
  /** V2 answers name the model version that served them. */
  modelVersion: string | null;
  modelName: string | null;
}

interface Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: Scalar[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

/**
 * Features of each instance. `featureNames` names positional columns (a config list); without
 * it a positional column is `f0`, `f1`, … and a one-column V2 tensor takes the tensor's name.
 */
export function requestRows(payload: unknown, featureNames?: readonly string[]): RequestRows {
  if (!isObject(payload)) throw new PayloadError('the request payload must be a JSON object with "instances" (V1) or "inputs" (V2)');
  if (Array.isArray(payload.instances)) return { rows: payload.instances.map((inst, i) => instanceRow(inst, i, featureNames)) };
  if (Array.isArray(payload.inputs)) return { rows: tensorRows(payload.inputs.map((t, i) => tensor(t, `inputs[${i}]`)), featureNames) };
  throw new PayloadError('the request payload has neither "instances" (V1) nor "inputs" (V2)');
}

export function responseRows(payload: unknown): ResponseRows {
  if (!isObject(payload)) throw new PayloadError('the response payload must be a JSON object with "predictions" (V1) or "outputs" (V2)');
  const modelName = typeof payload.model_name === 'string' ? payload.model_name : null;
  const modelVersion = typeof payload.model_version === 'string' || typeof payload.model_version === 'number' ? String(payload.model_version) : null;
  if (Array.isArray(payload.predictions)) return { outputs: payload.predictions.map((p, i) => v1Output(p, i)), modelName, modelVersion };
  if (Array.isArray(payload.outputs)) return { outputs: tensorOutputs(payload.outputs.map((t, i) => tensor(t, `outputs[${i}]`))), modelName, modelVersion };
  throw new PayloadError('the response payload has neither "predictions" (V1) nor "outputs" (V2)');
}

function instanceRow(inst: unknown, i: number, names: readonly string[] | undefined): Record<string, Scalar> {
  if (isObject(inst)) {
    const row: Record<string, Scalar> = {};
    for (const [k, v] of Object.entries(inst)) {
      if (!isScalar(v)) throw new PayloadError(`instances[${i}].${k} is ${Array.isArray(v) ? 'an array' : 'an object'}; only scalar features can be monitored`);
      row[k] = v;
    }
    return row;
  }
  if (Array.isArray(inst)) return positional(inst, `instances[${i}]`, names);
  if (isScalar(inst)) return { [names?.[0] ?? 'input']: inst };
  throw new PayloadError(`instances[${i}] must be an object, an array or a scalar`);
}

function positional(values: unknown[], where: string, names: readonly string[] | undefined, prefix = 'f'): Record<string, Scalar> {
  if (names && names.length !== values.length) throw new PayloadError(`${where} has ${values.length} values but the model's features list names ${names.length}`);
  const row: Record<string, Scalar> = {};
  values.forEach((v, j) => {
    if (!isScalar(v)) throw new PayloadError(`${where}[${j}] is ${Array.isArray(v) ? 'an array' : 'an object'}; only scalar features can be monitored`);
    row[names ? names[j] : `${prefix}${j}`] = v;
  });
  return row;
}

function tensor(t: unknown, where: string): Tensor {
  if (!isObject(t)) throw new PayloadError(`${where} must be a tensor object with name, shape, datatype and data`);
  if (typeof t.name !== 'string' || t.name === '') throw new PayloadError(`${where}.name is required`);
  const label = `tensor "${t.name}"`;
  if (!Array.isArray(t.shape) || t.shape.length === 0 || !t.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new PayloadError(`${label}: shape must be a non-empty list of non-negative integers`);
  }
  if (typeof t.datatype !== 'string') throw new PayloadError(`${label}: datatype is required`);
  if (!Array.isArray(t.data)) throw new PayloadError(`${label}: data must be an array`);
  // Data may be nested by dimension or already flat (row-major); both mean the same tensor.
  const raw = t.data as unknown[];
  const data = raw.some(Array.isArray) ? raw.flat(Infinity as 1) : raw;
  const shape = t.shape as number[];
  const want = shape.reduce((a, b) => a * b, 1);
  if (data.length !== want) throw new PayloadError(`${label}: shape [${shape.join(', ')}] needs ${want} values, data has ${data.length}`);
  const datatype = t.datatype.toUpperCase();
  const numeric = datatype !== 'BYTES' && datatype !== 'BOOL';
  for (let j = 0; j < data.length; j++) {
    const v = data[j];
    if (numeric ? typeof v !== 'number' : !isScalar(v)) throw new PayloadError(numeric ? `${label}: datatype ${datatype} but data[${j}] is not a number` : `${label}: data[${j}] is not a scalar`);
  }
  return { name: t.name, shape, datatype, data: data as Scalar[] };
}

/** Rows and width of a tensor read as a batch: the first dimension is the instance. */
function asMatrix(t: Tensor): { n: number; width: number } {
  const n = t.shape[0];
  const width = t.shape.length === 1 ? 1 : t.shape.slice(1).reduce((a, b) => a * b, 1);
  return { n, width };
}

function tensorRows(tensors: Tensor[], names: readonly string[] | undefined): Record<string, Scalar>[] {
  if (tensors.length === 0) throw new PayloadError('"inputs" is empty');
  const n = asMatrix(tensors[0]).n;
  for (const t of tensors) {
    if (asMatrix(t).n !== n) throw new PayloadError(`tensor "${t.name}" has ${asMatrix(t).n} rows but tensor "${tensors[0].name}" has ${n}; inputs must share their first dimension`);
  }
  const rows: Record<string, Scalar>[] = Array.from({ length: n }, () => ({}));
  // One wide tensor with a features list: the list names its columns. Otherwise each tensor is a
  // column (MLServer's pandas codec) or a block of columns `<name>_<j>`.
  if (tensors.length === 1 && names && asMatrix(tensors[0]).width > 1) {
    const t = tensors[0];
    const { width } = asMatrix(t);
    for (let i = 0; i < n; i++) Object.assign(rows[i], positional(t.data.slice(i * width, (i + 1) * width), `tensor "${t.name}" row ${i}`, names));
    return rows;
  }
  for (const t of tensors) {
    const { width } = asMatrix(t);
    for (let i = 0; i < n; i++) {
      if (width === 1) rows[i][t.name] = t.data[i];
      else for (let j = 0; j < width; j++) rows[i][`${t.name}_${j}`] = t.data[i * width + j];
    }
  }
  return rows;
}

/** Probabilities → the arg-max class and its score (for two classes, the positive class's probability). */
function fromProbabilities(p: number[]): { prediction: number; score: number } {
  let best = 0;
  for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
  return { prediction: best, score: p.length === 2 ? p[1] : p[best] };
}

function v1Output(p: unknown, i: number): { prediction: number | string; score: number | null } {
  if (typeof p === 'number' || typeof p === 'string') return { prediction: p, score: null };
  if (typeof p === 'boolean') return { prediction: String(p), score: null };
  if (Array.isArray(p)) {
    if (p.length === 1 && (typeof p[0] === 'number' || typeof p[0] === 'string')) return { prediction: p[0], score: null };
    if (p.length > 1 && p.every((x) => typeof x === 'number')) return fromProbabilities(p as number[]);
    throw new PayloadError(`predictions[${i}] is an array that is not a list of class probabilities`);
  }
  if (isObject(p)) {
    const probs = p.probabilities ?? p.probs ?? p.scores;
    const label = p.prediction ?? p.label ?? p.class;
    const score = typeof p.score === 'number' ? p.score : typeof p.probability === 'number' ? p.probability : null;
    if (Array.isArray(probs) && probs.length > 1 && probs.every((x) => typeof x === 'number')) {
      const fp = fromProbabilities(probs as number[]);
      return { prediction: typeof label === 'number' || typeof label === 'string' ? label : fp.prediction, score: score ?? fp.score };
    }
    if (typeof label === 'number' || typeof label === 'string') return { prediction: label, score };
    if (typeof label === 'boolean') return { prediction: String(label), score };
    throw new PayloadError(`predictions[${i}] is an object without "prediction", "label", "class" or "probabilities"`);
  }
  throw new PayloadError(`predictions[${i}] must be a number, a string, a list of probabilities or an object`);
}

function tensorOutputs(tensors: Tensor[]): { prediction: number | string; score: number | null }[] {
  if (tensors.length === 0) throw new PayloadError('"outputs" is empty');
  const n = asMatrix(tensors[0]).n;
  for (const t of tensors) if (asMatrix(t).n !== n) throw new PayloadError(`output "${t.name}" has ${asMatrix(t).n} rows but output "${tensors[0].name}" has ${n}`);
  // A one-wide output is the label or value; a wider numeric one is per-class probabilities.
  const label = tensors.find((t) => asMatrix(t).width === 1);
  const probs = tensors.find((t) => asMatrix(t).width > 1 && t.datatype !== 'BYTES' && t.datatype !== 'BOOL');
  if (!label && !probs) throw new PayloadError('no output is a label (one value per row) or class probabilities (numbers per row)');
  const out: { prediction: number | string; score: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    let prediction: number | string | null = null;
    let score: number | null = null;
    if (probs) {
      const w = asMatrix(probs).width;
      const fp = fromProbabilities(probs.data.slice(i * w, (i + 1) * w) as number[]);
      prediction = fp.prediction;
      score = fp.score;
    }
    if (label) {
      const v = label.data[i];
      if (v === null) throw new PayloadError(`output "${label.name}" row ${i} is null`);
      prediction = typeof v === 'boolean' ? String(v) : v;
    }
    out.push({ prediction: prediction!, score });
  }
  return out;
}
