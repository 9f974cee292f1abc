// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// Windows of a model's predictions: the version that names one, and a slice of one.
import { createHash } from 'node:crypto';

/** A window's data version: sha256 of the model, its time range and row count. */
export function windowId(model: string, since: Date | null, until: Date | null, rows: number): string {
  return createHash('sha256')
    .update(JSON.stringify([model, since?.toISOString() ?? null, until?.toISOString() ?? null, rows]))
    .digest('hex');
}

export { sliceColumns } from '../../../lib/predictions/columns.ts';
