// The version registry is registered by the transaction that brings a new version; its counts
// are exact in memory after each commit and written through at most once a second, flushed at
// shutdown, and recounted from the rows when a data file is opened after a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../core/storage/db.ts';
import { PredictionTables } from '../../core/storage/prediction-tables.ts';
import { validatePredictions } from '../../core/ingest/validate-predictions.ts';
import { tempDir } from '../helpers/daemon.ts';

const rows = (from: number, n: number, version: string) =>
  validatePredictions(Array.from({ length: n }, (_, i) => ({ model: 'm', version, id: `r${from + i}`, ts: 1_700_000_000_000 + from + i, features: { x: i }, prediction: 1 })), 0);

const stored = (s: Storage) => s.all<{ version: string; predictions: number }>('SELECT version, predictions FROM model_versions ORDER BY version');

test('a new version is registered at once; counts are flushed on demand and recounted on open', async () => {
  const dir = tempDir();
  let s = await Storage.open(dir);
  const t = new PredictionTables(s);
  await t.load();
  await t.append(rows(0, 10, 'v1'), 0);
  assert.deepEqual(await stored(s), [{ version: 'v1', predictions: 10 }], 'the first batch registers the version');
  await t.append(rows(10, 5, 'v1'), 0);
  await t.append(rows(15, 3, 'v2'), 0);
  assert.equal(t.get('m')!.versions.get('v1')!.rows, 15, 'memory is exact after each commit');
  assert.deepEqual((await stored(s)).find((r) => r.version === 'v2'), { version: 'v2', predictions: 3 }, 'a second version is registered by its own batch');
  await t.flushRegistry();
  assert.deepEqual(await stored(s), [{ version: 'v1', predictions: 15 }, { version: 'v2', predictions: 3 }]);

  // Rows committed but their counts not yet written through (as after kill -9): opening recounts.
  await t.append(rows(18, 7, 'v1'), 0);
  await s.close();
  s = await Storage.open(dir);
  const again = new PredictionTables(s);
  await again.load();
  assert.deepEqual(await stored(s), [{ version: 'v1', predictions: 22 }, { version: 'v2', predictions: 3 }]);
  await s.close();
});
