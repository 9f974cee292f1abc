// Reference profiles in a real daemon: the first drift run reads the reference, profiles it and
// stores the profiles beside the database; the next run reads only its current window, and its
// report and multivariate verdict equal lib/drift and the PCA fitted on the raw reference, bit
// for bit. A damaged profile file costs a re-read, never a failed run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { buildDriftReport } from '../../lib/drift/report.ts';
import { PcaReconstructionDrift } from '../../lib/multivariate/pca-reconstruction.ts';
import { Random } from '../../lib/abtest/random.ts';

const config = `server:
  port: 0
log:
  requests: false
stages:
  drift:
    every: 24h
    window: 1h
    reference:
      first_rows: 600
    multivariate:
      chunk_size: 100
`;

const REF = 600;
const cols = () => ({ a: [] as number[], b: [] as number[], c: [] as number[], plan: [] as string[] });
const ref = cols();
const cur = cols();
let rowNo = 0;

function rows(side: ReturnType<typeof cols>, n: number, shift: number, ts: number, rng: Random) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = +(rng.normal() + shift).toFixed(6);
    const b = +(0.6 * a + rng.normal()).toFixed(6);
    const c = +(rng.normal() * 2).toFixed(6);
    const plan = ['free', 'pro', shift ? 'team' : 'pro'][Math.floor(rng.uniform() * 3)]!;
    side.a.push(a), side.b.push(b), side.c.push(c), side.plan.push(plan);
    out.push({ model: 'm', id: `r${rowNo++}`, ts: new Date(ts + i).toISOString(), features: { a, b, c, plan }, prediction: a > 0 ? 1 : 0, score: 0.5 });
  }
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe('drift reference profiles', () => {
  let d: TestDaemon;
  const rng = new Random(3);
  const post = async (body: unknown[]) => {
    const res = await d.request('/v1/predictions', { method: 'POST', json: body });
    assert.equal(res.status, 200, await res.text());
  };
  const run = async () => {
    const r = (await (await d.request('/v1/stages/drift/run', { method: 'POST' })).json()) as { outcome: string; error: string | null };
    assert.equal(r.outcome, 'ok', r.error ?? '');
    return ((await (await d.request('/v1/models/m/drift')).json()) as { latest: { payload: any } }).latest.payload;
  };
  before(async () => {
    d = await startTestDaemon({ config });
    await post(rows(ref, REF, 0, Date.now() - 6 * 3_600_000, rng));
    await post(rows(cur, 300, 0.5, Date.now() - 600_000, rng));
  });
  after(async () => d?.cleanup());

  it('profiles the reference on the first run and reads only the current window on the next, with the same results', async () => {
    const first = await run();
    assert.equal(first.reference.from_profile, false);
    assert.equal(first.reference.rows, REF);
    const stored = files(join(d.dataDir, 'profiles'));
    assert.ok(stored.length >= 7, `manifest, 4 features, prediction, score and the PCA model: ${stored.length} files`);

    await post(rows(cur, 100, 0.5, Date.now() - 300_000, rng));
    const second = await run();
    assert.equal(second.reference.from_profile, true, 'the second run reads no reference row');
    assert.equal(second.reference.version, first.reference.version);
    assert.equal(second.window.rows, 400);
    const expected = buildDriftReport({ rows: REF, version: 'r', columns: { a: Float64Array.from(ref.a), b: Float64Array.from(ref.b), c: Float64Array.from(ref.c), plan: ref.plan } }, { rows: 400, version: 'c', columns: { a: Float64Array.from(cur.a), b: Float64Array.from(cur.b), c: Float64Array.from(cur.c), plan: cur.plan } });
    for (const col of expected.columns) {
      const got = second.report.columns.find((c: { name: string }) => c.name === col.name);
      assert.deepEqual({ statistic: got.statistic, p_value: got.p_value, drift: got.drift, metrics: got.metrics, explanation: got.explanation }, JSON.parse(JSON.stringify({ statistic: col.statistic, p_value: col.p_value, drift: col.drift, metrics: col.metrics, explanation: col.explanation })), col.name);
    }
    const pca = PcaReconstructionDrift.fit({ a: Float64Array.from(ref.a), b: Float64Array.from(ref.b), c: Float64Array.from(ref.c) }, ['a', 'b', 'c'], { varianceShare: 0.65, chunkSize: 100, k: 3 });
    assert.equal(second.multivariate.error, pca.error({ a: Float64Array.from(cur.a), b: Float64Array.from(cur.b), c: Float64Array.from(cur.c) }));
    assert.equal(second.multivariate.upper, pca.threshold.upper);
  });

  it('a damaged profile is read again from the reference, and the run still succeeds', async () => {
    for (const f of files(join(d.dataDir, 'profiles'))) writeFileSync(f, 'not a profile');
    await post(rows(cur, 50, 0.5, Date.now() - 200_000, rng));
    const third = await run();
    assert.equal(third.reference.from_profile, false);
    assert.equal(third.window.rows, 450);
    await post(rows(cur, 50, 0.5, Date.now() - 100_000, rng));
    assert.equal((await run()).reference.from_profile, true, 'profiled again for the runs after');
  });
});
