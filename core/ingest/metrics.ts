import type { MetricInput } from '../storage/label-metric-store.ts';
import { ErrorList } from './errors.ts';
import { checkName, isPlainObject, parseTimestamp, typeName } from './fields.ts';

export type { MetricInput };

const known = new Set(['name', 'value', 'ts', 'labels']);

export function validateMetrics(rows: unknown[], nowMs: number): MetricInput[] {
  const errors = new ErrorList();
  const out: MetricInput[] = [];
  rows.forEach((r, i) => {
    if (!isPlainObject(r)) return errors.add(i, '(row)', `must be an object, got ${typeName(r)}`);
    const before = errors.total;
    for (const k of Object.keys(r)) if (!known.has(k)) errors.add(i, k, 'unknown field');
    const ne = checkName(r.name, 'name');
    if (ne) errors.add(i, 'name', r.name === undefined ? 'is required' : ne);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) errors.add(i, 'value', r.value === undefined ? 'is required' : `must be a finite number, got ${typeName(r.value)}`);
    const ts = parseTimestamp(r.ts, nowMs);
    if (typeof ts === 'string') errors.add(i, 'ts', ts);
    let labels: Record<string, string> | null = null;
    if (r.labels !== undefined && r.labels !== null) {
      if (!isPlainObject(r.labels)) errors.add(i, 'labels', `must be an object of strings, got ${typeName(r.labels)}`);
      else {
        labels = {};
        for (const [k, v] of Object.entries(r.labels)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') labels[k] = String(v);
          else errors.add(i, `labels.${k}`, `must be a string, got ${typeName(v)}`);
        }
      }
    }
    if (errors.total === before) out.push({ name: r.name as string, value: r.value as number, ts: ts as number, labels });
  });
  errors.throwIfAny('invalid metrics');
  return out;
}
