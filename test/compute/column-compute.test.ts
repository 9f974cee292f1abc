// The compute pool: drift columns and reference profiles computed on real worker threads equal
// the same computation on this thread, bit for bit; an aborted task fails alone and the pool
// goes on with a fresh worker; closing fails what is queued.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColumnCompute, INLINE_BELOW } from '../../core/compute/column-compute.ts';
import { ComputePool } from '../../core/compute/pool.ts';
import { sharedDoubles } from '../../core/storage/double-vectors.ts';
import { buildDriftReport } from '../../lib/drift/report.ts';
import { encodeProfile, profileColumn } from '../../lib/drift/profile.ts';

const compute = new ColumnCompute(2);
after(() => compute.close());

/** Seeded uniforms, so that every run compares the same data. */
function uniforms(seed: number): () => number {
  let m = seed >>> 0;
  return () => {
    m = (Math.imul(m, 1664525) + 1013904223) >>> 0;
    return (m + 0.5) / 4294967296;
  };
}

const ROWS = 60_000;

function sides() {
  const u = uniforms(7);
  const side = (shift: number, shared: boolean) => {
    const num = shared ? sharedDoubles(ROWS) : new Float64Array(ROWS);
    const withNulls = new Float64Array(ROWS);
    const plan: (string | null)[] = [];
    const few = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      num[i] = Math.round((u() * 10 + shift) * 1000) / 1000;
      withNulls[i] = i % 13 === 0 ? NaN : u() + shift / 10;
      plan.push(i % 29 === 0 ? null : ['basic', 'plus', 'pro', shift ? 'trial' : 'basic'][Math.floor(u() * 4)]!);
      few[i] = Math.floor(u() * 3);
    }
    // An all-null column gives an error row: the report keeps it in place.
    return { num, withNulls, plan, few, empty: new Float64Array(ROWS).fill(NaN) };
  };
  return { reference: side(0, true), current: side(0.4, false) };
}

test('a drift report on worker threads equals buildDriftReport bit for bit (numbers, nulls, categories, errors)', async () => {
  const { reference, current } = sides();
  const ref = { rows: ROWS, version: 'r', columns: reference };
  const cur = { rows: ROWS, version: 'c', columns: current };
  assert.ok(5 * 2 * ROWS >= INLINE_BELOW, 'the input is large enough to go to the workers');
  for (const options of [{}, { correction: 'benjamini_hochberg' as const, methods: { num: 'ks' }, thresholds: { withNulls: 0.2 } }]) {
    const onWorkers = await compute.driftReport(ref, cur, options);
    const here = buildDriftReport(ref, cur, options);
    assert.deepEqual(onWorkers, here);
    assert.equal(JSON.stringify(onWorkers), JSON.stringify(here));
  }
  const report = await compute.driftReport(ref, cur);
  assert.match(report.columns.find((c) => c.name === 'empty')!.error!, /no non-null values/);
  assert.ok(report.columns.find((c) => c.name === 'num')!.drift, 'the shifted column drifted');
});

test('the reference as profiles on the workers gives the raw report, and profiles made there equal those made here', async () => {
  const { reference, current } = sides();
  const profiles = await compute.profileColumns(reference);
  for (const [name, values] of Object.entries(reference)) {
    assert.deepEqual(encodeProfile(profiles[name]!), encodeProfile(profileColumn(values)), name);
  }
  const fromProfiles = await compute.driftReport({ rows: ROWS, version: 'r', columns: profiles }, { rows: ROWS, version: 'c', columns: current });
  assert.equal(JSON.stringify(fromProfiles), JSON.stringify(buildDriftReport({ rows: ROWS, version: 'r', columns: reference }, { rows: ROWS, version: 'c', columns: current })));
});

test('a file version hashed on a worker is the sha256 of its bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidewatch-compute-'));
  try {
    const path = join(dir, 'f.bin');
    writeFileSync(path, Buffer.alloc(3 << 20, 7));
    assert.equal(await compute.fileVersion(path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    await assert.rejects(compute.fileVersion(join(dir, 'missing.bin')), /ENOENT|no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an aborted task fails with its reason, the worker running it is replaced, and the next task succeeds', async () => {
  const pool = new ComputePool(1);
  try {
    const big = sharedDoubles(4_000_000);
    const u = uniforms(3);
    for (let i = 0; i < big.length; i++) big[i] = u();
    const controller = new AbortController();
    const running = assert.rejects(pool.run('profile-column', { values: big }, controller.signal), /stage timed out/);
    const queued = assert.rejects(pool.run('profile-column', { values: big }, controller.signal), /stage timed out/);
    setTimeout(() => controller.abort(new Error('stage timed out')), 20);
    await Promise.all([running, queued]);
    const small = new Float64Array([3, 1, 2, 5, 4, 9, 8, 7, 6]);
    const profile = await pool.run<{ sorted: Float64Array }>('profile-column', { values: small });
    assert.deepEqual([...profile.sorted], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await assert.rejects(pool.run('no-such-task', {}), /unknown compute task "no-such-task"/);
    await assert.rejects(pool.run('profile-column', { values: () => 1 }), /cannot receive/);
    // Still usable after the refusals.
    assert.equal((await pool.run<{ sorted: Float64Array }>('profile-column', { values: small })).sorted.length, 9);
  } finally {
    await pool.close();
  }
});

test('closing the pool fails tasks still queued; a closed pool refuses new ones', async () => {
  const pool = new ComputePool(1);
  const values = sharedDoubles(2_000_000).fill(1);
  const tasks = [pool.run('profile-column', { values }), pool.run('profile-column', { values })].map((t) => assert.rejects(t, /compute pool is closed/));
  await pool.close();
  await Promise.all(tasks);
  await assert.rejects(pool.run('profile-column', { values }), /compute pool is closed/);
  assert.throws(() => new ComputePool(0), /at least one thread/);
  assert.throws(() => new ColumnCompute(-1), /whole number/);
});
