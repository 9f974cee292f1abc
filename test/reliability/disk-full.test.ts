// A data directory on a small tmpfs, filled while ingesting: every request whose rows were not
// committed gets 507, never a 2xx; the daemon stays up and /readyz says why; ingest recovers by
// itself when space returns; after a crash and restart every acknowledged row is there exactly
// once. A data directory on a read-only mount is refused at start with exit code 3. A write that
// fails with EROFS mid-run maps to 503 (checked on the classifier: a mount in use cannot be made
// read-only under the daemon). Needs root to mount (skips otherwise).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { classifyWriteError } from '../../core/storage/write-health.ts';
import { cliPath, repoRoot, spawnDaemon } from '../helpers/process.ts';

const mnt = mkdtempSync(join(tmpdir(), 'sidewatch-tmpfs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mnt]).status === 0;
after(() => {
  if (mounted) spawnSync('umount', ['-l', mnt]);
  rmSync(mnt, { recursive: true, force: true });
});
const remount = (opts: string): void => assert.equal(spawnSync('mount', ['-o', `remount,${opts}`, mnt]).status, 0, `remount ${opts}`);

const rowsPerBatch = 2000;
const batch = (b: number) => JSON.stringify(Array.from({ length: rowsPerBatch }, (_, i) => ({ model: 'full', id: `b${b}-${i}`, features: { x: i, s: `${'y'.repeat(50)}${i}` }, prediction: 1 })));

test('disk full mid-run: no 2xx for what was not stored, /readyz says why, recovery without a restart, every acked row once', { skip: mounted ? false : 'cannot mount a tmpfs here (needs root)' }, async () => {
  const dataDir = join(mnt, 'data');
  let d = await spawnDaemon(dataDir);
  const acked: number[] = [];
  const refused: Record<number, string> = {};
  let b = 0;
  const send = async () => {
    const n = b++;
    const r = await fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch(n) });
    const text = await r.text();
    if (r.status === 200) acked.push(n);
    else refused[r.status] ??= text;
    return { status: r.status, text, retryAfter: r.headers.get('retry-after') };
  };
  try {
    // Fill the disk.
    let last = await send();
    for (let i = 0; i < 200 && last.status === 200; i++) last = await send();
    assert.equal(last.status, 507, last.text);
    assert.match(JSON.parse(last.text).message, /the data directory is full .*nothing of this request was stored\. Free space or grow the volume/);
    assert.equal(last.retryAfter, '30');
    for (let i = 0; i < 3; i++) assert.equal((await send()).status, 507, 'still full');
    const ready = await fetch(`${d.url}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { status: string; checks: { storage: { ok: boolean; detail: string } } };
    assert.equal(body.status, 'storage_unavailable');
    assert.match(body.checks.storage.detail, /^disk full since .* write\(s\) refused/);
    assert.equal((await fetch(`${d.url}/livez`)).status, 200);
    assert.equal((await fetch(`${d.url}/v1/models`)).status, 200, 'reads go on');

    // Space returns: the next batch is stored, and the daemon is ready again.
    remount('size=300m');
    assert.equal((await send()).status, 200);
    assert.equal((await fetch(`${d.url}/readyz`)).status, 200);

    for (let i = 0; i < 3; i++) assert.equal((await send()).status, 200);
    assert.deepEqual(Object.keys(refused), ['507'], 'nothing but 507 while the disk was full');
  } finally {
    d.child.kill('SIGKILL');
    await d.exited;
  }
  // After a crash on top of it all: every acknowledged row once, nothing of the refused ones.
  d = await spawnDaemon(dataDir);
  d.child.kill('SIGTERM');
  await d.exited;
  const db = await DuckDBInstance.create(join(dataDir, 'sidewatch.duckdb'), { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const table = (await c.runAndReadAll("SELECT table_name FROM models WHERE model = 'full'")).getRows()[0]![0] as string;
  const [[rows, ids]] = (await c.runAndReadAll(`SELECT count(*)::INTEGER, count(DISTINCT id)::INTEGER FROM "${table}"`)).getRows() as [number, number][];
  const batches = (await c.runAndReadAll(`SELECT DISTINCT split_part(id, '-', 1) FROM "${table}" ORDER BY 1`)).getRows().map((r) => Number(String(r[0]).slice(1)));
  c.closeSync();
  db.closeSync();
  assert.equal(rows, acked.length * rowsPerBatch);
  assert.equal(ids, rows, 'no row twice');
  assert.deepEqual(batches.sort((x, y) => x - y), [...acked].sort((x, y) => x - y), 'exactly the acknowledged batches');
});

test('a data directory on a read-only mount: refused at start with exit code 3 and no stack trace', { skip: mounted ? false : 'cannot mount a tmpfs here (needs root)' }, () => {
  const ro = mkdtempSync(join(tmpdir(), 'sidewatch-ro-'));
  try {
    assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', ro]).status, 0);
    // The volume itself, and a directory still to be made on it.
    for (const dir of [ro, join(ro, 'data')]) {
      const r = spawnSync(process.execPath, [cliPath, 'start'], { cwd: repoRoot, env: { ...process.env, SIDEWATCH_DATA_DIR: dir, SIDEWATCH_PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /the data directory .* is on a read-only file system: mount it read-write/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  } finally {
    spawnSync('umount', ['-l', ro]);
    rmSync(ro, { recursive: true, force: true });
  }
});

test('write errors are told apart: a full disk is 507, a read-only file system 503, anything else passes through', () => {
  const full = classifyWriteError(new Error('TransactionContext Error: Failed to commit: Could not write file "/d/x.wal": No space left on device'), '/d/x');
  assert.equal(full?.status, 507);
  const ro = classifyWriteError(new Error('IO Error: Could not write file "/d/x.wal": Read-only file system'), '/d/x');
  assert.equal(ro?.status, 503);
  assert.match(ro!.message, /became read-only \(\/d\/x\); nothing of this request was stored\. Remount it read-write/);
  assert.equal(classifyWriteError(new Error('Constraint Error: duplicate key'), '/d/x'), null);
});
