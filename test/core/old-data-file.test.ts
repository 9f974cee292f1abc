// A data file written by the previous release (commit 4f699f2, 40 s of `npm start -- --demo`, then
// CHECKPOINT; see test/fixtures/storage/README.md) opens with this release: migrations apply,
// every stored row is still there, the version registry is brought up to date from the stored
// predictions (that release registered versions lazily, on reads), and ingest carries on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startTestDaemon, tempDir } from '../helpers/daemon.ts';

const fixtures = fileURLToPath(new URL('../fixtures/storage/', import.meta.url));
const expected = JSON.parse(readFileSync(join(fixtures, 'release-4f699f2.counts.json'), 'utf8')) as Record<string, number>;
/** Tables the daemon may add to on start (migrations, registry reconciliation, config audit). */
const mayGrow = new Set(['schema_migrations', 'audit', 'model_versions']);

test('a data file from the previous release opens, migrates and keeps every row', async () => {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'sidewatch.duckdb'), gunzipSync(readFileSync(join(fixtures, 'release-4f699f2.duckdb.gz'))), { mode: 0o600 });
  const d = await startTestDaemon({ dataDir });
  try {
    const storage = d.runtime.storage;
    const tables = new Set((await storage.all<{ table_name: string }>("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")).map((r) => r.table_name));
    for (const [table, n] of Object.entries(expected)) {
      assert.ok(tables.has(table), `table ${table} is gone`);
      const now = (await storage.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${table}"`))!.n;
      if (mayGrow.has(table)) assert.ok(now >= n, `${table}: ${now} rows, had ${n}`);
      else assert.equal(now, n, `${table} rows`);
    }
    const migrations = await storage.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.ok(migrations.length >= expected.schema_migrations!, 'every migration of the old file is still recorded');

    // The registry is reconciled with what is stored: counts match the rows, no version is announced twice.
    const versions = (await (await d.request('/v1/models/demo-churn/versions')).json()) as { version: string; predictions: number }[];
    const stored = await storage.all<{ version: string; n: number }>('SELECT version, count(*)::BIGINT AS n FROM pred_1 GROUP BY version ORDER BY version');
    assert.deepEqual(
      versions.map((v) => [v.version, v.predictions]),
      stored.map((r) => [r.version, r.n]),
    );
    const seen = await storage.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM audit WHERE kind = 'model.version.seen'");
    assert.equal(seen!.n, stored.length);

    const models = (await (await d.request('/v1/models')).json()) as { model: string; predictions: number; labels: number; versions: string[] }[];
    assert.deepEqual(
      models.map((m) => [m.model, m.predictions, m.labels, m.versions]),
      [['demo-churn', expected.pred_1, 124, ['v1', 'v2']]],
    );

    // Ingest goes on in the old tables: the model's layout and sequence were loaded, a new version registers.
    const res = await d.request('/v1/predictions', { method: 'POST', json: [{ model: 'demo-churn', version: 'v3', id: 'after-upgrade', features: { tenure_months: 3 }, prediction: 1 }] });
    assert.equal(res.status, 200, await res.text());
    const after = (await (await d.request('/v1/models')).json()) as { predictions: number; versions: string[] }[];
    assert.equal(after[0]!.predictions, expected.pred_1! + 1);
    assert.deepEqual(after[0]!.versions, ['v1', 'v2', 'v3']);
    const seqs = await storage.all<{ n: number; d: number }>('SELECT count(*)::BIGINT AS n, count(DISTINCT seq)::BIGINT AS d FROM pred_1');
    assert.equal(seqs[0]!.n, seqs[0]!.d, 'sequence numbers stay unique');
  } finally {
    await d.cleanup();
  }
});
