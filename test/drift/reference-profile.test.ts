// A reference profile gives the drift report the raw reference would, to the last bit: every
// column kind (many numbers, few distinct numbers, strings, booleans, nulls, mixed types, all
// null), every method, through the bytes the store keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriftReport } from '../../lib/drift/report.ts';
import { decodeProfile, encodeProfile, profileColumn } from '../../lib/drift/profile.ts';
import { distributionOf } from '../../lib/drift/distribution.ts';
import { statTestNames } from '../../lib/stats/registry.ts';
import { Random } from '../../lib/abtest/random.ts';
import type { ColumnValues } from '../../lib/drift/column.ts';

function columns(rng: Random, n: number, shift: number): Record<string, ColumnValues> {
  return {
    normal: Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : rng.normal() + shift)),
    few: Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * (shift ? 5 : 4))),
    ties: Float64Array.from({ length: n }, () => Math.round(rng.normal() * 3 + shift) / 2),
    plan: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : ['free', 'pro', 'team', shift ? 'enterprise' : 'pro'][Math.floor(rng.uniform() * 4)]!)),
    flag: Array.from({ length: n }, () => rng.uniform() < 0.3 + shift / 10),
    mixed: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : i)),
    empty: new Float64Array(n).fill(NaN),
    numbers: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : i % 7)),
  };
}

test('the drift report from reference profiles equals the report from the raw reference, bit for bit', () => {
  const rng = new Random(5);
  const ref = columns(rng, 3000, 0);
  const cur = columns(rng, 2000, 0.4);
  const profiles = Object.fromEntries(Object.entries(ref).map(([k, v]) => [k, decodeProfile(encodeProfile(profileColumn(v)))]));
  const raw = buildDriftReport({ rows: 3000, version: 'r', columns: ref }, { rows: 2000, version: 'c', columns: cur });
  const fromProfile = buildDriftReport({ rows: 3000, version: 'r', columns: profiles }, { rows: 2000, version: 'c', columns: cur });
  assert.deepEqual(fromProfile, raw);
  assert.ok(raw.columns.find((c) => c.name === 'normal')!.drift, 'the shifted column drifts');
  assert.match(raw.columns.find((c) => c.name === 'mixed')!.error!, /mixed value types/);
  assert.match(raw.columns.find((c) => c.name === 'empty')!.error!, /no non-null values/);
  assert.equal(raw.columns.find((c) => c.name === 'few')!.kind, 'categorical');
  // Every method the column kinds allow, one at a time.
  for (const method of statTestNames('numerical')) {
    const opts = { columns: ['normal', 'ties'], methods: { normal: method, ties: method } };
    assert.deepEqual(buildDriftReport({ rows: 3000, version: 'r', columns: profiles }, { rows: 2000, version: 'c', columns: cur }, opts), buildDriftReport({ rows: 3000, version: 'r', columns: ref }, { rows: 2000, version: 'c', columns: cur }, opts), method);
  }
  for (const method of statTestNames('categorical')) {
    const opts = { columns: ['few', 'plan', 'flag', 'numbers'], methods: { few: method, plan: method, flag: method, numbers: method } };
    assert.deepEqual(buildDriftReport({ rows: 3000, version: 'r', columns: profiles }, { rows: 2000, version: 'c', columns: cur }, opts), buildDriftReport({ rows: 3000, version: 'r', columns: ref }, { rows: 2000, version: 'c', columns: cur }, opts), method);
  }
  // The charts' distributions too.
  for (const k of ['normal', 'few', 'plan', 'flag']) assert.deepEqual(distributionOf(profiles[k]!, cur[k] as never), distributionOf(ref[k] as never, cur[k] as never), k);
});

test('profile bytes: sorted values survive exactly, and damaged bytes are refused with a reason', () => {
  const values = Float64Array.from([3, -0, 1e-300, Infinity, -Infinity, NaN, 2.5]);
  const p = profileColumn(values);
  assert.equal(p.profile, 'numbers');
  const back = decodeProfile(encodeProfile(p));
  assert.deepEqual(back, p);
  assert.equal(back.profile === 'numbers' && back.nulls, 1);
  const bytes = encodeProfile(p);
  assert.throws(() => decodeProfile(bytes.subarray(0, bytes.length - 8)), /6 values announced, 5 stored/);
  assert.throws(() => decodeProfile(new Uint8Array(2)), /too short/);
});
