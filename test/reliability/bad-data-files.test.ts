// Files the daemon must not use are refused at start with the file named, what to do, and exit
// code 3, and are left exactly as they were: random bytes, another program's DuckDB database, a
// database written by a newer schema, and a data directory it cannot write (read-only mount or
// permissions). A WAL whose tail was cut off is replayed up to its last whole entry, as after a
// crash, and the daemon starts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cliPath, repoRoot, spawnDaemon } from '../helpers/process.ts';
import { tempDir } from '../helpers/daemon.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function start(dataDir: string, asUser?: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SIDEWATCH_DATA_DIR: dataDir, SIDEWATCH_PORT: '0', SIDEWATCH_CONFIG: join(repoRoot, 'config', 'default.yaml') };
    const child = asUser
      ? spawn('setpriv', [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, cliPath, 'start'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(process.execPath, [cliPath, 'start'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b) => (stderr += b));
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stderr });
    });
  });
}
const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('random bytes where the database should be: refused, named, left as they were', async () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'sidewatch.duckdb');
  writeFileSync(file, randomBytes(64 * 1024));
  const before = digest(file);
  const r = await start(dir);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a DuckDB database .*nothing was changed\\. Move it aside`));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(digest(file), before);
});

test("another program's DuckDB database and a newer schema: refused, nothing written into them", async () => {
  const foreign = tempDir();
  const newer = tempDir();
  dirs.push(foreign, newer);
  for (const [dir, sql] of [
    [foreign, "CREATE TABLE invoices (id INTEGER, total DOUBLE); INSERT INTO invoices VALUES (1, 9.5)"],
    [newer, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL); INSERT INTO schema_migrations VALUES (1, 'core', now()), (999, 'from-the-future', now())"],
  ] as const) {
    const db = await DuckDBInstance.create(join(dir, 'sidewatch.duckdb'));
    const c = await db.connect();
    for (const s of sql.split('; ')) await c.run(s);
    await c.run('CHECKPOINT');
    c.closeSync();
    db.closeSync();
  }
  const f = await start(foreign);
  assert.equal(f.code, 3, f.stderr);
  assert.match(f.stderr, /is a DuckDB database but not Sidewatch's \(it has tables invoices and no schema_migrations\); nothing was changed/);
  const n = await start(newer);
  assert.equal(n.code, 3, n.stderr);
  assert.match(n.stderr, /was written by a newer Sidewatch \(schema 999; this release knows up to \d+\); nothing was changed\. Run the newer release/);
  for (const dir of [foreign, newer]) {
    const db = await DuckDBInstance.create(join(dir, 'sidewatch.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const tables = (await c.runAndReadAll("SELECT table_name FROM duckdb_tables() ORDER BY 1")).getRows().map((r) => r[0]);
    assert.deepEqual(tables, dir === foreign ? ['invoices'] : ['schema_migrations'], 'no Sidewatch table was created');
    c.closeSync();
    db.closeSync();
  }
});

test('a data directory the daemon cannot write: a clear error and exit code 3', { skip: spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0 ? false : 'setpriv is not available' }, async () => {
  const parent = tempDir();
  dirs.push(parent);
  const dir = join(parent, 'data');
  mkdirSync(dir);
  chmodSync(parent, 0o755);
  chmodSync(dir, 0o555); // read and list, no write, for everyone
  const r = await start(dir, '65534');
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /the data directory .*data is not writable by this user: .*set storage\.data_dir/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a WAL cut short is replayed up to its last whole entry and the daemon starts', async () => {
  const dir = tempDir();
  dirs.push(dir);
  const d = await spawnDaemon(dir);
  const rows = Array.from({ length: 200 }, (_, i) => ({ model: 'wal', id: `r${i}`, features: { x: i }, prediction: 1 }));
  for (let b = 0; b < 5; b++) assert.equal((await fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) })).status, 200);
  d.child.kill('SIGKILL');
  await d.exited;
  const wal = join(dir, 'sidewatch.duckdb.wal');
  truncateSync(wal, Math.floor(statSync(wal).size * 0.9));
  const again = await spawnDaemon(dir);
  try {
    const models = (await (await fetch(`${again.url}/v1/models`)).json()) as { model: string; predictions: number }[];
    const n = models.find((m) => m.model === 'wal')?.predictions ?? 0;
    assert.ok(n < 1000, 'the cut tail is gone');
    assert.equal(n % 200, 0, `whole batches only: ${n}`);
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});
