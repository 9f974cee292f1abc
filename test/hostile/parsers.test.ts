// Property tests for the parsers that read untrusted text outside the HTTP path: the config
// loader (random YAML), the CSV/Parquet/NDJSON file reader, and the log header parsers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ConfigError, loadConfig } from '../../core/config/load.ts';
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { readTableFile } from '../../core/files/read-table.ts';
import { parseLogLine, type NamedFormat } from '../../lib/logparse/index.ts';
import { tempDir } from '../helpers/daemon.ts';

let dir: string;
let db: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  dir = tempDir('sidewatch-hostile-');
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
after(() => {
  conn.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const keys = fc.constantFrom('server', 'storage', 'log', 'stages', 'models', 'port', 'host', 'token', 'retention', 'volume', 'every', 'drift', 'x', '__proto__', 'constructor');
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('${NOPE}', '${SIDEWATCH_PORT}', '10s', '-1', '1e309'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(keys, tie('node'), { maxKeys: 4 })),
})).node;

test('config loader: random YAML and random trees either load or fail with a ConfigError naming paths', async () => {
  const registry = await loadBuiltinPlugins();
  const tryLoad = (text: string) => {
    try {
      const loaded = loadConfig({ text, env: {}, registry });
      assert.equal(typeof loaded.version, 'string');
    } catch (e) {
      assert.ok(e instanceof ConfigError, `not a ConfigError for ${JSON.stringify(text.slice(0, 200))}: ${(e as Error).stack}`);
      assert.ok(e.issues.length > 0);
      for (const i of e.issues) assert.ok(i.path.length > 0 && i.message.length > 0, JSON.stringify(i));
    }
  };
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), tryLoad), { numRuns: 150, seed: 7001 });
  fc.assert(fc.property(fc.dictionary(keys, tree, { maxKeys: 5 }), (obj) => tryLoad(stringify(obj))), { numRuns: 150, seed: 7002 });
  tryLoad(`a: &x [${'*x,'.repeat(50)}1]`);
  tryLoad('[' .repeat(5000));
});

test('file reader: random CSV, NDJSON and broken Parquet give data or a clear error, never a crash', async () => {
  const cell = fc.oneof(fc.string({ maxLength: 10 }), fc.double().map(String), fc.constantFrom('=1+1', '"', '""', ',', '\n', '\r\n', '\u0000', '=cmd|\' /C calc\'!A0'));
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 6 }), fc.constantFrom('.csv', '.ndjson', '.parquet'), async (table, ext) => {
      const path = join(dir, `f${n++}${ext}`);
      const text = ext === '.csv' ? table.map((r) => r.join(',')).join('\n') : ext === '.ndjson' ? table.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [`c${i}`, v])))).join('\n') : `PAR1${table.flat().join('')}PAR1`;
      writeFileSync(path, text);
      try {
        const t = await readTableFile(conn, path);
        assert.equal(t.names.length, Object.keys(t.columns).length);
        for (const name of t.names) assert.equal(t.columns[name]!.length, t.rows);
      } catch (e) {
        assert.match((e as Error).message, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|column|empty|no rows`), (e as Error).message);
      }
    }),
    { numRuns: 60, seed: 7003 },
  );
});

test('log header parsers: any line in any format parses to a message without throwing', () => {
  const formats: NamedFormat[] = ['auto', 'json', 'logfmt', 'syslog', 'rfc3164', 'rfc5424', 'access', 'raw'];
  const lines = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('<34>1 2003-10-11T22:14:15.003Z host app - ID47 - msg', '<999>', '{"level":', '{"msg":{"a":[1,2]}}', 'level=info msg="unterminated', '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET', '2024-13-45T99:99:99Z ERROR x'),
    fc.integer({ min: 70_000, max: 200_000 }).map((n) => `{"msg":"${'y'.repeat(n)}"}`),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => '{"a":'.repeat(n)),
  );
  fc.assert(
    fc.property(lines, fc.constantFrom(...formats), (line, format) => {
      const r = parseLogLine(line, format, { maxLineLength: 65_536 });
      assert.equal(typeof r.message, 'string');
      assert.ok(r.message.length <= 65_536 + 64, `message of ${r.message.length} characters`);
      if (r.ts) assert.ok(Number.isFinite(r.ts.getTime()), 'an invalid Date was returned');
    }),
    { numRuns: 400, seed: 7004 },
  );
});
