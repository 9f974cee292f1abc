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

export { sliceColumns } from '../../../lib/predictions/columns.ts';

/**
 * The first `n` predictions of a model by arrival order (only the named features, or all of them),
 * or null when the model has none.
 */
export function firstPredictions(data: DataReader, model: string, n: number, features?: string[]): Promise<PredictionColumns | null> {
  return data.firstPredictions(model, n, features);
}
