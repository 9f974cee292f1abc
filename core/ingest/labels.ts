// Labels arrive late and separately; they are joined to predictions by (model, id) at read time,
// so a label may come before or long after its prediction.
import type { LabelRow } from '../storage/label-metric-store.ts';
import { ErrorList } from './errors.ts';
import { checkName, checkText, isPlainObject, parseTimestamp, typeName } from './fields.ts';

export type { LabelRow };

const known = new Set(['model', 'id', 'label', 'ts']);

export function validateLabels(rows: unknown[], nowMs: number): LabelRow[] {
  const errors = new ErrorList();
  const out: LabelRow[] = [];
  rows.forEach((r, i) => {
    if (!isPlainObject(r)) return errors.add(i, '(row)', `must be an object, got ${typeName(r)}`);
    const before = errors.total;
    for (const k of Object.keys(r)) if (!known.has(k)) errors.add(i, k, 'unknown field');
    const me = checkName(r.model, 'model');
    if (me) errors.add(i, 'model', r.model === undefined ? 'is required' : me);
    let id: string | null = null;
    if (typeof r.id === 'number' && Number.isFinite(r.id)) id = String(r.id);
    else {
      const e = checkText(r.id, 'id', 256);
      if (e) errors.add(i, 'id', r.id === undefined ? 'is required (labels join predictions by model and id)' : e);
      else id = r.id as string;
    }
    let labelNum: number | null = null;
    let labelStr: string | null = null;
    if (typeof r.label === 'number' && Number.isFinite(r.label)) labelNum = r.label;
    else if (typeof r.label === 'boolean') labelNum = r.label ? 1 : 0;
    else if (typeof r.label === 'string' && r.label.length <= 1024) labelStr = r.label;
    else errors.add(i, 'label', r.label === undefined ? 'is required' : `must be a finite number or a string, got ${typeName(r.label)}`);
    const ts = parseTimestamp(r.ts, nowMs);
    if (typeof ts === 'string') errors.add(i, 'ts', ts);
    if (errors.total === before) out.push({ model: r.model as string, id: id!, labelNum, labelStr, ts: ts as number });
  });
  errors.throwIfAny('invalid labels');
  return out;
}
