import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cooccurrence, type TimedEvent } from '../../lib/correlate/cooccurrence.ts';
import { bucketCounts, laggedCorrelation } from '../../lib/correlate/lagged-correlation.ts';

test('events that travel together are kept with their support, confidence, lift and Jaccard', () => {
  const events: TimedEvent[] = [];
  // 100 windows of 60 s: "disk_full" and "write_error" share windows 0, 10, …, 90; "gc_pause" lands
  // every third window regardless of the others.
  for (let w = 0; w < 100; w++) {
    if (w % 10 === 0) events.push({ ts: w * 60 + 5, kind: 'disk_full' }, { ts: w * 60 + 30, kind: 'write_error' });
    if (w % 3 === 0) events.push({ ts: w * 60 + 10, kind: 'gc_pause' });
  }
  events.push({ ts: 25 * 60, kind: 'write_error' });
  const pairs = cooccurrence(events, { window: 60, from: 0, to: 6000, minCount: 3, alpha: 0.01 });
  assert.equal(pairs.length, 1);
  const p = pairs[0]!;
  assert.deepEqual([p.a, p.b], ['disk_full', 'write_error']);
  assert.equal(p.both, 10);
  assert.equal(p.countA, 10);
  assert.equal(p.countB, 11);
  assert.equal(p.windows, 100);
  assert.equal(p.support, 0.1);
  assert.equal(p.confidenceAB, 1);
  assert.equal(p.confidenceBA, 10 / 11);
  assert.equal(p.lift, (10 * 100) / (10 * 11));
  assert.equal(p.jaccard, 10 / 11);
  assert.ok(p.pValue < 1e-10);
  // With a loose filter the unrelated pair shows up, with lift near 1 and a large p-value.
  const loose = cooccurrence(events, { window: 60, from: 0, to: 6000, minCount: 1, alpha: 1 });
  const gc = loose.find((x) => x.a === 'disk_full' && x.b === 'gc_pause')!;
  assert.ok(gc.pValue > 0.05 && Math.abs(gc.lift - 1) < 0.3, JSON.stringify(gc));
});

test('lagged correlation finds the lag by which one series leads another', () => {
  let s = 3;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const x = Float64Array.from({ length: 200 }, rnd);
  const y = Float64Array.from({ length: 200 }, (_, t) => (t >= 4 ? x[t - 4]! * 2 : 0) + 0.1 * rnd());
  for (const method of ['pearson', 'spearman'] as const) {
    const r = laggedCorrelation(x, y, { maxLag: 10, method });
    assert.equal(r.best!.lag, 4);
    assert.ok(r.best!.r > 0.9 && r.best!.pValue < 1e-10);
    assert.equal(r.byLag.length, 21);
    assert.equal(r.byLag.find((l) => l.lag === 4)!.n, 196);
  }
  assert.deepEqual([...bucketCounts([0, 5, 59, 60, 181, -1], 0, 60, 3)], [3, 1, 0]);
});
