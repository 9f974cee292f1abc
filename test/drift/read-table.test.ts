import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readTableFile } from '../../core/files/read-table.ts';
import { fileVersion } from '../../core/files/file-version.ts';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidewatch-read-'));
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});

after(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

test('CSV: numbers become Float64Array with NaN for empty cells; text and booleans stay values', async () => {
  const path = join(dir, 'a.csv');
  writeFileSync(path, 'x,name,ok\n1.5,a,true\n,b,false\n-3,,true\n');
  const t = await readTableFile(connection, path);
  assert.equal(t.rows, 3);
  assert.deepEqual(t.names, ['x', 'name', 'ok']);
  assert.ok(t.columns.x instanceof Float64Array);
  assert.deepEqual([...(t.columns.x as Float64Array)], [1.5, NaN, -3]);
  assert.deepEqual(t.columns.name, ['a', 'b', null]);
  assert.deepEqual(t.columns.ok, [true, false, true]);
  const only = await readTableFile(connection, path, { columns: ['ok'] });
  assert.deepEqual(only.names, ['ok']);
  assert.deepEqual(Object.keys(only.columns), ['ok']);
});

test('Parquet and NDJSON read through DuckDB; mixed JSON scalars keep their own types', async () => {
  const pq = join(dir, 'b.parquet');
  await connection.run(`COPY (SELECT range::INTEGER AS i, range * 0.5 AS h, 'k' || (range % 3) AS c FROM range(2500)) TO '${pq}' (FORMAT parquet)`);
  const t = await readTableFile(connection, pq);
  assert.equal(t.rows, 2500);
  const h = t.columns.h as Float64Array;
  assert.equal(h[2499], 1249.5);
  assert.equal((t.columns.i as Float64Array)[7], 7);
  assert.equal((t.columns.c as string[])[4], 'k1');
  const nd = join(dir, 'c.ndjson');
  writeFileSync(nd, '{"v": 1, "w": "x"}\n{"v": "two", "w": null}\n{"v": 3, "w": "y"}\n');
  const j = await readTableFile(connection, nd);
  assert.equal(j.rows, 3);
  assert.deepEqual(j.columns.w, ['x', null, 'y']);
  assert.deepEqual(new Set((j.columns.v as unknown[]).map((v) => typeof v)), new Set(['number', 'string']));
});

test('clear errors for a missing file, an unknown extension, unreadable content and unknown columns', async () => {
  await assert.rejects(readTableFile(connection, join(dir, 'none.csv')), /file not found: .*none\.csv/);
  const txt = join(dir, 'd.txt');
  writeFileSync(txt, 'x\n1\n');
  await assert.rejects(readTableFile(connection, txt), /unsupported file type "\.txt"/);
  const bad = join(dir, 'e.parquet');
  writeFileSync(bad, 'this is not parquet');
  await assert.rejects(readTableFile(connection, bad), /cannot read .*e\.parquet as Parquet/);
  const csv = join(dir, 'f.csv');
  writeFileSync(csv, 'x,y\n1,2\n');
  await assert.rejects(readTableFile(connection, csv, { columns: ['x', 'zz'] }), /has no column\(s\) "zz"; it has x, y/);
});

test('file version is the sha256 of the bytes', async () => {
  const a = join(dir, 'g.csv');
  const b = join(dir, 'h.csv');
  writeFileSync(a, 'x\n1\n');
  writeFileSync(b, 'x\n1\n');
  assert.equal(await fileVersion(a), await fileVersion(b));
  // sha256sum of the four bytes 'x\n1\n'
  assert.equal(await fileVersion(a), 'daff832f802000e645771a60983c76c963f6ee602a6230e45237bd360e91cc1a');
  writeFileSync(b, 'x\n2\n');
  assert.notEqual(await fileVersion(a), await fileVersion(b));
});

test('Parquet over many chunks: numbers are copied per vector with NULLs in the right rows', async () => {
  const file = join(dir, 'many.parquet');
  // 10,007 rows: five 2048-row vectors and a partial one; every 7th value and the last are NULL.
  await connection.run(`COPY (SELECT CASE WHEN i % 7 = 0 OR i = 10006 THEN NULL ELSE i * 0.5 END AS x, i::INTEGER AS n FROM range(10007) t(i)) TO '${file}' (FORMAT parquet)`);
  const t = await readTableFile(connection, file);
  assert.equal(t.rows, 10_007);
  const x = t.columns.x as Float64Array;
  const n = t.columns.n as Float64Array;
  for (let i = 0; i < t.rows; i++) {
    assert.equal(n[i], i);
    if (i % 7 === 0 || i === 10006) assert.ok(Number.isNaN(x[i]), `row ${i} is NULL`);
    else assert.equal(x[i], i * 0.5, `row ${i}`);
  }
});
