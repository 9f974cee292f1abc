// Turns a model's stored predictions and joined labels into the arrays metrics need: truth and
// prediction in one representation, the task (configured or inferred) and the positive class.
import type { ModelSettings, PredictionColumns } from '../../core/plugin-api/index.ts';

export type Task = 'binary' | 'multiclass' | 'regression';
export type Label = number | string;

function valueAt(num: Float64Array, str: (string | null)[], i: number): Label | null {
  const s = str[i];
  if (s !== null && s !== undefined) return s;
  const n = num[i]!;
  return n === n ? n : null;
}

export interface Outcomes {
  rows: number[];
  yTrue: Label[];
  yPred: Label[];
}

/** Rows with both a prediction and a label; numbers stay numbers only when both sides are numbers. */
export function outcomes(c: PredictionColumns): Outcomes {
  const rows: number[] = [];
  const t: (Label | null)[] = [];
  const p: (Label | null)[] = [];
  let allNumeric = true;
  for (let i = 0; i < c.rows; i++) {
    const y = valueAt(c.labelNum, c.labelStr, i);
    const yhat = valueAt(c.predictionNum, c.predictionStr, i);
    if (y === null || yhat === null) continue;
    if (typeof y !== 'number' || typeof yhat !== 'number') allNumeric = false;
    rows.push(i);
    t.push(y);
    p.push(yhat);
  }
  const norm = (v: Label | null) => (allNumeric ? (v as number) : String(v));
  return { rows, yTrue: t.map(norm), yPred: p.map(norm) };
}

/** The configured task, else: numeric labels with more than 10 distinct or fractional values are regression. */
export function inferTask(o: Outcomes, settings: ModelSettings | undefined): Task {
  if (settings?.task) return settings.task;
  const classes = new Set<Label>(o.yTrue);
  const numeric = o.yTrue.every((v) => typeof v === 'number');
  if (numeric && (classes.size > 10 || o.yTrue.some((v) => !Number.isInteger(v)))) return 'regression';
  for (const v of o.yPred) classes.add(v);
  return classes.size <= 2 ? 'binary' : 'multiclass';
}

/** The configured positive label (matched by its text), else 1 for numbers, else the last class in sort order. */
export function positiveLabel(o: Outcomes, settings: ModelSettings | undefined): Label {
  const classes = [...new Set<Label>([...o.yTrue, ...o.yPred])];
  const configured = settings?.positive_label;
  if (configured !== undefined) return classes.find((c) => String(c) === String(configured)) ?? (typeof classes[0] === 'number' ? Number(configured) : String(configured));
  if (classes.every((c) => typeof c === 'number')) return 1;
  return classes.map(String).sort().pop() ?? '1';
}
