import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRateSpikes } from '../../lib/anomaly/rate-spike.ts';
import { normalSeries } from './synthetic.ts';

test('steady traffic with noise and a busy-but-normal bump raises nothing', () => {
  const rates = Array.from(normalSeries(8, 2000, 200, 15), (x) => Math.max(0, x));
  for (let i = 1000; i < 1010; i++) rates[i] *= 1.6; // a marketing burst, not a flood
  assert.deepEqual(detectRateSpikes(rates), []);
});

test('a flood longer than the baseline window stays a flood, reported as one episode', () => {
  const rates = Array.from(normalSeries(9, 1500, 200, 15));
  for (let i = 600; i < 760; i++) rates[i] = 5000 + 10 * (i % 7);
  const found = detectRateSpikes(rates, { window: 60 });
  assert.equal(found.length, 160);
  assert.equal(found[0].index, 600);
  assert.ok(found.every((a) => a.episodeStart === 600 && a.ratio > 20 && Math.abs(a.expected - 200) < 10));
  // Traffic back to normal afterwards is not judged against the flood.
  assert.ok(found.every((a) => a.index < 760));
});

test('separate floods are separate episodes', () => {
  const rates = Array.from(normalSeries(10, 600, 100, 5));
  rates[300] = rates[301] = 900;
  rates[450] = 1200;
  const found = detectRateSpikes(rates);
  assert.deepEqual(found.map((a) => [a.index, a.episodeStart]), [[300, 300], [301, 300], [450, 450]]);
});
