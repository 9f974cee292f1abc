import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adwin } from '../../lib/detectors/adwin.ts';
import { normalSeries, seededUniform } from '../anomaly/synthetic.ts';

function naiveVariance(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
}

test('keeps exact width, mean and variance while nothing changes', () => {
  const ad = new Adwin({ clock: 1 });
  const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
  xs.forEach((x) => ad.update(x));
  assert.equal(ad.width, 15);
  assert.ok(Math.abs(ad.mean - 77 / 15) < 1e-12);
  assert.ok(Math.abs(ad.windowVariance - naiveVariance(xs)) < 1e-12);
  // 15 elements with M=5: the exponential histogram holds rows of 1, 2 and 4 elements.
  const rows = ad.toJSON().rows;
  assert.equal(rows.reduce((n, row, i) => n + row.length * 2 ** i, 0), 15);
  assert.ok(rows.every((row) => row.length <= 5));
});

test('hand-checked cut: a step from 0 to 1 shrinks the window to the new regime', () => {
  const ad = new Adwin({ clock: 1, delta: 0.01 });
  for (let i = 0; i < 64; i++) assert.equal(ad.update(0).change, false);
  const hits: number[] = [];
  for (let i = 0; i < 64; i++) if (ad.update(1).change) hits.push(i);
  // Window variance is p(1-p); after 8 ones among 72: the bound
  // ε = sqrt(2 m v ln(2 ln 72 / 0.01)) + 2/3 ln(...) m is first beaten a few ones in.
  assert.ok(hits.length >= 1 && hits[0] < 16, `cut at ${hits}`);
  // A bucket that straddles the step may keep a few zeros; never more than one 16-element bucket.
  const zerosLeft = Math.round(ad.width * (1 - ad.mean));
  assert.ok(zerosLeft <= 16 && zerosLeft < 64, `${zerosLeft} zeros left in a window of ${ad.width}`);
});

test('no false alarm on a long stationary stream', () => {
  const ad = new Adwin();
  const xs = normalSeries(31, 100_000, 0.5, 0.1);
  let alarms = 0;
  for (const x of xs) if (ad.update(x).change) alarms++;
  assert.equal(alarms, 0);
  assert.equal(ad.width, 100_000);
  assert.ok(Math.abs(ad.mean - 0.5) < 0.002);
  assert.ok(ad.toJSON().rows.length <= Math.ceil(Math.log2(100_000)));
});

test('detects an abrupt mean shift within a few clock ticks, and forgets the old regime', () => {
  const ad = new Adwin();
  const u = seededUniform(9);
  const hits: number[] = [];
  for (let i = 0; i < 8000; i++) {
    const r = ad.update(u() < (i < 5000 ? 0.2 : 0.6) ? 1 : 0);
    if (r.change) hits.push(i);
  }
  assert.ok(hits.length >= 1 && hits[0] >= 5000 && hits[0] < 5200, `first cut at ${hits[0]}`);
  assert.ok(ad.width <= 3000 + 64, `window kept ${ad.width} elements`);
  assert.ok(Math.abs(ad.mean - 0.6) < 0.05, `window mean ${ad.mean}`);
});

test('state round-trips through JSON and continues identically', () => {
  const xs = normalSeries(4, 3000, 0, 1);
  const a = new Adwin({ delta: 0.01 });
  xs.slice(0, 1000).forEach((x) => a.update(x));
  const b = Adwin.fromJSON(JSON.parse(JSON.stringify(a)));
  for (const [i, x] of xs.slice(1000).entries()) {
    const shifted = i > 1000 ? x + 2 : x;
    assert.deepEqual(b.update(shifted), a.update(shifted));
  }
  const bad = { ...a.toJSON(), width: a.width + 1 };
  assert.throws(() => Adwin.fromJSON(bad), /inconsistent/);
});
