import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSeasonal, seasonalBucket } from '../../lib/anomaly/seasonal-baseline.ts';
import { seededNormal } from './synthetic.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2024, 0, 1);

/** Hourly series, 14 days: a daily cycle peaking at noon plus noise. */
function dailyCycle(seed: number) {
  const z = seededNormal(seed);
  const ts: number[] = [];
  const xs: number[] = [];
  for (let h = 0; h < 14 * 24; h++) {
    ts.push(START + h * HOUR);
    xs.push(100 + 80 * Math.sin(((h % 24) - 6) * (Math.PI / 12)) + 3 * z());
  }
  return { ts, xs };
}

test('buckets follow the hour of day, with an offset for local time', () => {
  assert.equal(seasonalBucket(START + 13 * HOUR + 59_000), 13);
  assert.equal(seasonalBucket(START + 23 * HOUR, DAY, HOUR, 2 * HOUR), 1);
  assert.equal(seasonalBucket(START - HOUR), 23);
});

test('a daily cycle alone is not anomalous; a value normal for noon but not for 3 am is', () => {
  const { ts, xs } = dailyCycle(3);
  assert.equal(detectSeasonal(ts, xs, { threshold: 5 }).length, 0);
  const i = 10 * 24 + 3; // day 10, 03:00, where the cycle is near its trough (≈ 43)
  xs[i] = 170; // an ordinary noon value
  const found = detectSeasonal(ts, xs, { threshold: 5 });
  assert.deepEqual(found.map((a) => a.index), [i]);
  assert.ok(Math.abs(found[0].expected - (100 + 80 * Math.sin(-3 * (Math.PI / 12)))) < 5);
  assert.equal(found[0].method, 'seasonal');
});

test('refuses timestamps that go back in time', () => {
  assert.throws(() => detectSeasonal([2, 1], [0, 0]), /ascending timestamps/);
});
